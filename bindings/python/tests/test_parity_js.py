"""Parity between the two bindings: the same calls give equal objects, and the
same errors (class and message), through this package and through the npm
package (bindings/wasm/pkg, which bindings/wasm/build.sh writes), on a few
hundred generated requests and passwords."""

import json
import random
import shutil
import subprocess
from typing import Any, Dict, List

import pytest

import cvm_rules

from conftest import ROOT, password, request
from test_parity import option_sets

ANSWER = ROOT / "bindings" / "wasm" / "tests" / "answer.mjs"


def javascript(calls: List[Dict[str, Any]]) -> List[Any]:
    node = shutil.which("node")
    assert node, "node is needed for the parity of the two bindings"
    assert (ROOT / "bindings" / "wasm" / "pkg" / "package.json").exists(), "build the npm package first: bindings/wasm/build.sh"
    run = subprocess.run([node, str(ANSWER)], input=json.dumps(calls), capture_output=True, text=True, check=True)
    return json.loads(run.stdout)


def js_options(options: Dict[str, Any]) -> Dict[str, Any]:
    return {("userName" if k == "user_name" else k): v for k, v in options.items()}


def python(call: Dict[str, Any]) -> Any:
    options = call["options"]
    try:
        if call["call"] == "check":
            return cvm_rules.check(call["input"], **options)
        if call["call"] == "validatorCheck":
            return cvm_rules.Validator(**options).check(call["input"])
        if call["call"] == "checkPassword":
            return cvm_rules.Validator(**options).check_password(call["password"], **call.get("python_options", {}))
        if call["call"] == "explain":
            return cvm_rules.explain(**options)
        generated = dict(cvm_rules.generate(**options))
        generated["passwords"] = len(generated["passwords"])
        return generated
    except cvm_rules.OptionsError as error:
        return {"error": {"name": "CvmRulesError", "message": str(error)}}
    except TypeError as error:
        return {"error": {"name": "TypeError", "message": str(error)}}


def test_the_bindings_answer_alike() -> None:
    r = random.Random(20261202)
    calls: List[Dict[str, Any]] = []
    for options in option_sets():
        for _ in range(20):
            calls.append({"call": "check", "options": options, "input": request(r)})
        calls.append({"call": "validatorCheck", "options": options, "input": request(r)})
        without_facts = {k: v for k, v in options.items() if k != "facts"}
        for _ in range(10):
            user = r.choice([None, "Administrator", "ops"])
            call: Dict[str, Any] = {"call": "checkPassword", "options": without_facts, "password": password(r)}
            if user:
                call["callOptions"], call["python_options"] = {"userName": user}, {"user_name": user}
            calls.append(call)
        explain = {**without_facts, "password": password(r), "length": r.choice([8, 16, 40])}
        calls.append({"call": "explain", "options": explain})
        generate = {k: v for k, v in without_facts.items() if k != "lang"}  # no message to translate
        calls.append({"call": "generate", "options": {**generate, "count": 2, "length": r.choice([12, 16, 30, 99])}})
    # Bad values: the same error, with the same words.
    for bad in [{"profile": "api4"}, {"os": ["macos"]}, {"lang": "fr"}, {"rules": "x"}, {"facts": "["}, {"policy": {"extends": "api3", "al": 1}},
                {"policy": {"extends": "api3", "windows": {"length": {"max": 11}}}}, {"facts": {"Response": {"Error": {"Code": "AuthFailure"}}}}]:
        calls.append({"call": "check", "options": bad, "input": "Password=x"})
    calls.append({"call": "generate", "options": {"os": ["windows"], "length": 20}})
    calls.append({"call": "generate", "options": {"count": 0}})
    js_calls = [{**c, "options": js_options(c["options"])} for c in calls]
    for c in js_calls:
        c.pop("python_options", None)
    answers = javascript(js_calls)
    assert len(answers) == len(calls) > 500
    for call, from_js in zip(calls, answers):
        from_python = python(call)
        assert from_python == from_js, call
        assert json.dumps(from_python, ensure_ascii=False) == json.dumps(from_js, ensure_ascii=False), "the same key order too"


def test_a_password_with_a_lone_surrogate_is_one_replacement_character_in_both() -> None:
    answers = javascript([{"call": "checkPassword", "options": {"os": ["linux"]}, "password": "\ud800Abc123!xyz"}])
    assert cvm_rules.Validator(os=["linux"]).check_password("\ud800Abc123!xyz") == answers[0]
