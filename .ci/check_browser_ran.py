"""Fail when a browser test was skipped, or when none ran at all."""

import sys
import xml.etree.ElementTree as ET

ran = 0
problems = []
for path in sys.argv[1:]:
    for case in ET.parse(path).iter("testcase"):
        if ".browser." not in case.get("classname", "") and "tests.browser" not in case.get("classname", ""):
            continue
        if case.find("skipped") is not None:
            problems.append(f"{path}: skipped {case.get('classname')}::{case.get('name')}")
        else:
            ran += 1
if problems or ran == 0:
    print("\n".join(problems) or "no browser test ran")
    sys.exit(1)
print(f"{ran} browser test runs, none skipped")
