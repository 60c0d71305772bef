"""Test tools that come from outside Python (a browser, the Nu HTML Checker, axe-core): a test that needs a
missing one is skipped with how to install it, unless KG_REQUIRE_TOOLS=1 (as .ci/run sets it), which makes a
missing tool a failure, so that CI can never pass by skipping."""

from __future__ import annotations

import os

import pytest


def require_tools(missing: list[str], install: str) -> None:
    """Skip (or, under KG_REQUIRE_TOOLS=1, fail) the calling test when `missing` names any tool."""
    if not missing:
        return
    if os.environ.get("KG_REQUIRE_TOOLS") == "1":
        pytest.fail(f"test tools required (KG_REQUIRE_TOOLS=1) but missing: {', '.join(missing)}")
    pytest.skip(f"test tools missing: {', '.join(missing)} ({install})")
