#!/usr/bin/env python3
"""Prepares the fuzzed server: a recruiter, an assessment sent to a candidate, and that candidate's session
started; prints the shell assignments scripts/fuzz.sh evaluates.

Usage: scripts/fuzz/setup.py BASE_URL
"""

import json
import sys
import urllib.request


def call(base, method, path, body=None, headers=None):
    request = urllib.request.Request(
        f"{base}/api/v1{path}",
        method=method,
        data=None if body is None else json.dumps(body).encode(),
        headers={"Content-Type": "application/json", **(headers or {})},
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.load(response)


def main(base):
    user = {
        "email": "fuzz.recruiter@example.com",
        "password": "fuzz-password-1",
        "full_name": "Fuzz Recruiter",
        "organization_name": "Fuzz Org",
    }
    call(base, "POST", "/auth/register", user)
    login = call(base, "POST", "/auth/login", {"email": user["email"], "password": user["password"]})
    recruiter = {"Authorization": f"Bearer {login['access_token']}"}
    task = call(base, "GET", "/tasks?limit=100", headers=recruiter)[0]
    assessment = call(
        base, "POST", "/assessments",
        {"task_id": task["id"], "candidate_email": "fuzz.candidate@example.com", "candidate_name": "Fuzz Candidate"},
        recruiter,
    )
    token = assessment["token"]
    call(base, "POST", f"/assessments/token/{token}/start", headers={"X-Assessment-Token": token})
    print(f"FUZZ_RECRUITER_TOKEN={login['access_token']}")
    print(f"FUZZ_CANDIDATE_TOKEN={token}")
    print(f"FUZZ_ASSESSMENT_ID={assessment['id']}")


if __name__ == "__main__":
    main(sys.argv[1])
