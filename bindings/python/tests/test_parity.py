"""Parity: the same inputs give the same objects through the module as through the
command line (spec section 18)."""

import json
import random
from typing import Any, Dict, List

import cvm_rules

from conftest import cli, request, temp_file

FACTS = json.dumps({"Response": {"TotalCount": 3, "InstanceSet": [
    {"InstanceId": "ins-r8hr2upy", "OsName": "Windows Server 2019 数据中心版", "InstanceState": "RUNNING"},
    {"InstanceId": "ins-5d8a23rs", "OsName": "Ubuntu Server 22.04 LTS 64位", "InstanceState": "STOPPED"},
]}}, ensure_ascii=False)
POLICY = {"extends": "api3", "all": {"length": {"min": 12}, "max_repeat": 2, "max_sequence": 3, "denylist": ["Summer2024!Summer"]}, "windows": {"classes": {"required": 4}}}


def option_sets() -> List[Dict[str, Any]]:
    sets: List[Dict[str, Any]] = []
    for profile in ["legacy-2017", "api3"]:
        for os in [[], ["linux"], ["windows"], ["linux", "ubuntu", "windows"]]:
            for lang in ["en", "zh-CN"]:
                sets.append({"profile": profile, "os": os, "lang": lang})
        sets.append({"profile": profile, "facts": FACTS})
        sets.append({"profile": profile, "rules": "login-settings", "os": ["linux"], "lang": "zh-CN"})
        sets.append({"profile": profile, "policy": POLICY, "os": ["windows"]})
    return sets


def flags(options: Dict[str, Any]) -> List[str]:
    args: List[str] = []
    if "profile" in options:
        args += ["--profile", options["profile"]]
    if "rules" in options:
        args += ["--rules", options["rules"]]
    for os in options.get("os", []):
        args += ["--os", os]
    if "lang" in options:
        args += ["--lang", options["lang"]]
    if "facts" in options:
        args += ["--facts", temp_file("facts.json", options["facts"])]
    if "policy" in options:
        args += ["--policy", temp_file("policy.json", json.dumps(options["policy"]))]
    return args


def test_check_agrees_with_the_command_line_on_thousands_of_requests() -> None:
    r = random.Random(20261127)
    compared = 0
    for options in option_sets():
        inputs = [request(r) for _ in range(150)]
        status, stdout, stderr = cli(["check", "--batch", *flags(options)], "\n".join(inputs) + "\n")
        assert status in (0, 1), stderr
        lines = stdout.rstrip("\n").split("\n")
        assert len(lines) == len(inputs)
        for line, text in zip(lines, inputs):
            assert cvm_rules.check(text, **options) == json.loads(line), (options, text)
            compared += 1
    assert compared >= 3000


def test_explain_agrees_with_the_command_line() -> None:
    r = random.Random(7)
    for options in option_sets():
        options = {k: v for k, v in options.items() if k != "facts"}
        for length in [None, 8, 40]:
            password = r.choice([None, "abc123", "abc123ABC!@#", "Summer2024!Summer", "aaa111BBB!!!", "/abc12345XYZ"])
            args = ["explain", "--format", "json", *flags(options)]
            if length is not None:
                args += ["--length", str(length)]
            if password is not None:
                args.append("--password-stdin")
            status, stdout, stderr = cli(args, "" if password is None else password + "\n")
            assert status in (0, 1), stderr
            from_cli = json.loads(stdout)
            from_module = cvm_rules.explain(password=password, length=length, **options)
            if "policy" in options:
                from_cli["rules"] = from_module["rules"]  # the CLI names the rules after the file
            assert from_module == from_cli, options


def test_the_recommended_length_as_the_command_line_says_it() -> None:
    # API 3.0 recommends 12 or more characters for Linux: 10 is valid, with a warning.
    body = json.dumps({"InstanceIds": ["ins-r8hr2upy"], "Password": "aB3!xyzw9Q"})
    for lang in ["en", "zh-CN"]:
        options: Dict[str, Any] = {"profile": "api3", "os": ["linux"], "lang": lang}
        status, stdout, stderr = cli(["check", "--format", "json", *flags(options), body])
        assert status == 0, stderr
        from_module = cvm_rules.check(body, **options)
        assert from_module == json.loads(stdout)
        assert from_module["valid"] is True
        assert [(d["rule"], d["severity"], d["code"]) for d in from_module["diagnostics"]] == [
            ("password.recommended_length", "warning", None)
        ]
        explain_options: Dict[str, Any] = {"rules": "api3", "os": ["linux"], "lang": lang}
        status, stdout, stderr = cli(["explain", "--format", "json", "--password-stdin", *flags(explain_options)], "aB3!xyzw9Q\n")
        assert status == 0, stderr
        explained = cvm_rules.explain(password="aB3!xyzw9Q", **explain_options)
        assert explained == json.loads(stdout)
        advice = next(r for r in explained["requirements"] if r["rule"] == "password.recommended_length")
        assert (advice["severity"], advice["met"], explained["all_met"]) == ("warning", False, True)


def test_generate_agrees_with_the_command_line_but_for_the_passwords() -> None:
    for options in option_sets():
        options = {k: v for k, v in options.items() if k not in ("facts", "lang")}
        status, stdout, stderr = cli(["generate", "--format", "json", "--count", "3", *flags(options)])
        assert status == 0, stderr
        from_cli = json.loads(stdout)
        from_module = cvm_rules.generate(count=3, **options)
        assert {**from_module, "passwords": []} == {**from_cli, "passwords": []}, options
        for generated in from_module["passwords"] + from_cli["passwords"]:
            body = json.dumps({"InstanceIds": ["ins-r8hr2upy"], "Password": generated})
            assert cvm_rules.check(body, **options)["valid"], generated


def test_the_command_line_says_what_the_module_raises() -> None:
    import pytest

    for options, args in [({"profile": "api4"}, ["--profile", "api4"]), ({"os": ["macos"]}, ["--os", "macos"]), ({"lang": "fr"}, ["--lang", "fr"]), ({"rules": "run-instances"}, ["--rules", "run-instances"])]:
        with pytest.raises(ValueError) as raised:
            cvm_rules.explain(**options)
        status, _, stderr = cli(["explain", *args])
        assert status == 2
        assert str(raised.value) in stderr
