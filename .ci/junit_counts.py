"""Print "passed failed skipped" counted from a JUnit XML file (every <testcase>)."""

import sys
import xml.etree.ElementTree as ET

root = ET.parse(sys.argv[1]).getroot()
passed = failed = skipped = 0
for case in root.iter("testcase"):
	if case.find("failure") is not None or case.find("error") is not None:
		failed += 1
	elif case.find("skipped") is not None:
		skipped += 1
	else:
		passed += 1
print(passed, failed, skipped)
