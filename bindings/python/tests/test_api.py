"""The module's functions, as a Python backend calls them."""

import json

import pytest

import cvm_rules

SEED = "Action=ResetInstancesPassword&Version=2017-03-12&InstanceIds.1=ins-r8hr2upy&InstanceIds.2=ins-5d8a23rs&Password=abc123ABC!@%23&ForceStop=TRUE"
HEAD = "Action=ResetInstancesPassword&Version=2017-03-12&InstanceIds.1=ins-r8hr2upy"
FACTS = {"Response": {"TotalCount": 2, "InstanceSet": [
    {"InstanceId": "ins-r8hr2upy", "OsName": "Windows Server 2019", "InstanceState": "RUNNING"},
    {"InstanceId": "ins-5d8a23rs", "OsName": "CentOS 7.9", "InstanceState": "rescue_mode"},
]}}


def test_check_the_source_document_example() -> None:
    result = cvm_rules.check(SEED)
    assert result["valid"] is True
    assert list(result) == ["valid", "profile", "policy", "diagnostics", "accounts"]
    assert result["policy"]["os_known"] is False
    assert cvm_rules.check(SEED.encode()) == result, "bytes as well as str"


def test_check_in_both_languages_with_codes_fields_params() -> None:
    en = cvm_rules.check(f"{HEAD}&Password=abc123", os=["linux"])
    assert en["diagnostics"] == [{
        "severity": "error",
        "code": "InvalidPassword",
        "field": "Password",
        "rule": "password.length",
        "params": {"min": 8, "max": 16, "actual": 6},
        "message": "Password must be 8 to 16 characters long, and it has 6.",
    }]
    assert en["accounts"] == [{"field": "InstanceIds.1", "instance_id": "ins-r8hr2upy", "os": "linux", "user_name": "root"}]
    zh = cvm_rules.check(f"{HEAD}&Password=abc123", os=["linux"], lang="zh-CN")
    assert zh["diagnostics"][0]["message"] == "密码长度必须为 8 到 16 个字符，当前为 6 个。"
    body = json.dumps({"InstanceIds": ["ins-1122"], "Password": "abc123ABC!@#"})
    api3 = cvm_rules.check(body, profile="api3")
    assert api3["diagnostics"][0]["code"] == "InvalidInstanceId.Malformed"
    assert api3["diagnostics"][0]["field"] == "InstanceIds.0"


def test_facts_as_text_and_as_a_dict() -> None:
    request = f"{HEAD}&InstanceIds.2=ins-5d8a23rs&Password=abc123ABC!@%23"
    as_dict = cvm_rules.check(request, facts=FACTS)
    assert as_dict == cvm_rules.check(request, facts=json.dumps(FACTS))
    assert [d["rule"] for d in as_dict["diagnostics"]] == ["instance.running_without_force_stop", "instance.state"]
    assert as_dict["policy"]["families"] == ["linux", "windows"]


def test_a_policy_dict_tightens_every_function() -> None:
    policy = {"extends": "api3", "all": {"length": {"min": 14}, "max_repeat": 2, "denylist": ["Summer2024!Summer"]}}
    body = json.dumps({"InstanceIds": ["ins-r8hr2upy"], "Password": "summer2024!summer"})
    refused = cvm_rules.check(body, profile="api3", os=["windows"], policy=policy)
    assert [d["rule"] for d in refused["diagnostics"]] == ["password.denylist"]
    assert refused["diagnostics"][0]["params"] == {}
    assert {"rule": "password.denylist"} in refused["policy"]["rules"]
    explained = cvm_rules.explain(policy=policy, os=["linux"])
    assert explained["requirements"][0]["message"] == "14 to 30 characters"
    for generated in cvm_rules.generate(policy=policy, count=20)["passwords"]:
        assert len(generated) >= 14
        body = json.dumps({"InstanceIds": ["ins-r8hr2upy"], "Password": generated})
        assert cvm_rules.check(body, profile="api3", policy=policy)["valid"], generated
    # The rules option replaces the profile's rules, as --rules does.
    login = cvm_rules.check(json.dumps({"InstanceIds": ["ins-r8hr2upy"], "Password": "abc_1234"}), profile="api3", rules="login-settings", os=["linux"])
    assert login["diagnostics"][0]["rule"] == "password.charset"


def test_explain_marks_the_password_and_states_the_entropy() -> None:
    bare = cvm_rules.explain(os=["windows"])
    assert list(bare) == ["profile", "rules", "policy", "requirements", "all_met", "entropy"]
    assert bare["all_met"] is None
    assert bare["entropy"]["length"] == 16
    assert bare["entropy"]["bits"] is not None and abs(bare["entropy"]["bits"] - 104.1077) < 1e-3
    marked = cvm_rules.explain(os=["windows"], password="abc12345", lang="zh-CN")
    assert [r["met"] for r in marked["requirements"]] == [False, False, True, True]
    assert marked["requirements"][0]["message"] == "长度为 12 到 16 个字符"
    named = cvm_rules.explain(profile="api3", os=["windows"], password="xadministratorX1!", user_name="deploy")
    assert named["all_met"] is True
    login = cvm_rules.explain(rules="login-settings", os=["linux"], length=10)
    assert [r["rule"] for r in login["requirements"]] == [
        "password.length",
        "password.classes",
        "password.charset",
        "password.recommended_length",
    ]
    assert [r["severity"] for r in login["requirements"]] == ["error", "error", "error", "warning"]
    assert login["entropy"]["length"] == 10


def test_generate_passwords_the_check_accepts() -> None:
    mixed = cvm_rules.generate(os=["linux", "windows"], count=50)
    assert len(mixed["passwords"]) == 50 and len(set(mixed["passwords"])) == 50
    assert mixed["length"] == 16
    for generated in mixed["passwords"]:
        body = json.dumps({"InstanceIds": ["ins-r8hr2upy"], "Password": generated})
        assert cvm_rules.check(body, os=["linux", "windows"])["valid"], generated
    # An asked length is kept or refused, never changed; the default is clamped.
    with pytest.raises(cvm_rules.OptionsError, match="^cannot generate a password: the length must be 8 to 30 characters under this policy$"):
        cvm_rules.generate(profile="api3", os=["linux"], length=99)
    assert cvm_rules.generate(profile="api3", os=["linux"], length=30)["length"] == 30
    assert cvm_rules.generate(os=["windows"])["length"] == 16
    with pytest.raises(cvm_rules.OptionsError, match="must be 12 to 16 characters"):
        cvm_rules.Validator(os=["windows"]).generate(length=20)
    assert all(not set("_<>") & set(p) for p in cvm_rules.generate(rules="login-settings", count=200)["passwords"])
    named = cvm_rules.generate(profile="api3", os=["windows"], user_name="abc", count=50)
    assert all("abc" not in p.lower() for p in named["passwords"])


def test_negotiate_language() -> None:
    assert cvm_rules.negotiate_language("zh-CN,zh;q=0.9,en;q=0.8") == "zh-CN"
    assert cvm_rules.negotiate_language("zh-TW") == "zh-CN"
    assert cvm_rules.negotiate_language("fr-FR,en;q=0.5") == "en"


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda: cvm_rules.check(SEED, profile="api4"), "unknown profile (expected legacy-2017 or api3)"),
        (lambda: cvm_rules.explain(os=["linux", "macos"]), "unknown OS family (expected linux, ubuntu or windows)"),
        (lambda: cvm_rules.explain(lang="fr"), "unknown language (expected en or zh-CN)"),
        (lambda: cvm_rules.explain(rules="run-instances"), "unknown rule set (expected legacy-2017, api3 or login-settings)"),
        (lambda: cvm_rules.explain(rules="api3", policy={"extends": "api3"}), "rules and policy do not go together: a policy file names the rule set it extends"),
        (lambda: cvm_rules.check(SEED, facts="["), "the facts are not usable: instance facts are not valid JSON (line 1, column 1)"),
        (lambda: cvm_rules.check(SEED, facts={"Response": {"Error": {"Code": "AuthFailure"}}}), 'the facts are not usable: instance facts are an error answer (Response.Error), not DescribeInstances output: fix the call that produced them'),
        (lambda: cvm_rules.explain(policy={"extends": "api3", "all": {"denylist_file": "leaked.txt"}}), 'the policy is not usable: a denylist_file cannot be read here: give the entries inline as denylist'),
        (lambda: cvm_rules.explain(policy={"extends": "api3", "al": {}}), "the policy is not usable: unknown field `al`, expected one of `extends`, `all`, `linux`, `ubuntu`, `windows`"),
        (lambda: cvm_rules.generate(count=0), "count must be 1 to 10000"),
        (lambda: cvm_rules.generate(length=-1), "length must be a whole number ≥ 0"),
        (lambda: cvm_rules.Validator().explain(length=-(10**30)), "length must be a whole number ≥ 0"),
        (lambda: cvm_rules.check(SEED, facts="[" * 1000), "the facts are not usable: instance facts are nested deeper than 128 levels"),
    ],
)
def test_bad_values_raise_options_error_with_the_library_message(call, message) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(cvm_rules.OptionsError) as raised:
        call()
    assert isinstance(raised.value, ValueError)
    assert str(raised.value) == message
    assert raised.value.args == (message,)
    assert raised.value.__cause__ is None and raised.value.__context__ is None


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda: cvm_rules.check(SEED, profile=3), "profile must be a str, not int"),
        (lambda: cvm_rules.check(SEED, os="linux"), "os must be a list of family names, not str"),
        (lambda: cvm_rules.check(SEED, os=["linux", 7]), "an entry of os must be a str, not int"),
        (lambda: cvm_rules.check(42), "input must be a str or bytes (the request), not int"),
        (lambda: cvm_rules.check(SEED, facts=42), "facts must be JSON text, a dict or a list, not int"),
        (lambda: cvm_rules.check(SEED, facts={"a": {1, 2}}), "facts holds a value of type set: only dict, list, tuple, str, int, float, bool and None can be read"),
        (lambda: cvm_rules.check(SEED, facts={1: "a"}), "a key of facts must be a str, not int"),
        (lambda: cvm_rules.explain(policy={"extends": float("nan")}), "policy holds a float JSON cannot hold (nan or an infinity)"),
        (lambda: cvm_rules.generate(length=16.0), "length must be an int, not float"),
        (lambda: cvm_rules.generate(count=True), "count must be an int, not bool"),
        (lambda: cvm_rules.Validator().check_password(b"abc"), "password must be a str, not bytes"),
        (lambda: cvm_rules.Validator().check_password("abc", user_name=5), "user_name must be a str, not int"),
    ],
)
def test_wrong_types_raise_type_error_naming_the_parameter(call, message) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(TypeError) as raised:
        call()
    assert str(raised.value) == message
    assert raised.value.__cause__ is None and raised.value.__context__ is None


def test_validator_answers_equal_the_module_functions() -> None:
    options = {"profile": "api3", "os": ["linux", "windows"], "lang": "zh-CN", "policy": {"extends": "api3", "all": {"denylist": ["Summer2024!Summer"], "max_repeat": 2}}}
    validator = cvm_rules.Validator(**options)  # type: ignore[arg-type]
    for request in [SEED, f"{HEAD}&Password=abc123", json.dumps({"InstanceIds": ["ins-r8hr2upy"], "Password": "summer2024!summer"})]:
        assert validator.check(request) == cvm_rules.check(request, **options)  # type: ignore[arg-type]
    for password in ["abc", "Summer2024!Summer", "aaa1AAA!xyzwqe", "Zq7!vTr9#Lm2@Kx", "pass word中文"]:
        assert validator.explain(password=password) == cvm_rules.explain(password=password, **options)  # type: ignore[arg-type]
        alone = validator.check_password(password, user_name="ops")
        request = validator.check(json.dumps({"InstanceIds": ["ins-r8hr2upy"], "Password": password, "UserName": "ops", "ForceStop": True}))
        assert list(alone) == ["valid", "profile", "policy", "diagnostics"]
        assert alone["diagnostics"] == [d for d in request["diagnostics"] if d["field"] == "Password"]
        assert alone["policy"] == request["policy"] and alone["valid"] == request["valid"]
        assert validator.check_password(password, user_name="ops") == alone
    generated = validator.generate(count=5, length=20)
    assert all(validator.check_password(p)["valid"] for p in generated["passwords"])
    assert repr(validator) == '<cvm_rules.Validator profile="api3" rules="api3+policy">'


def test_validator_answers_share_the_policy_and_own_the_rest() -> None:
    validator = cvm_rules.Validator(os=["linux"])
    a, b = validator.check_password("abc"), validator.check_password("abc")
    assert a["policy"] is b["policy"]
    assert a["diagnostics"] is not b["diagnostics"] and a["diagnostics"][0] is not b["diagnostics"][0]
    assert a["diagnostics"][0]["params"] is not b["diagnostics"][0]["params"]
    a["diagnostics"][0]["message"] = "changed"
    a["diagnostics"].append({})
    assert validator.check_password("abc") == b
    # Past the table of kept diagnostics, answers stay right.
    for _ in range(2):
        for length in range(1, 200):
            pw = "a" * length
            assert validator.check_password(pw)["diagnostics"] == [d for d in validator.check(json.dumps({"InstanceIds": ["ins-r8hr2upy"], "Password": pw}))["diagnostics"] if d["field"] == "Password"]


def test_a_validator_takes_no_option_of_one_call() -> None:
    with pytest.raises(TypeError, match="unexpected keyword argument 'password'"):
        cvm_rules.Validator(password="x")  # type: ignore[call-arg]
    with pytest.raises(TypeError):
        cvm_rules.explain("Hunter2Secret!")  # type: ignore[misc]


def test_the_result_types_are_importable_at_run_time() -> None:
    from cvm_rules import CheckResult, Diagnostic, ExplainResult, GenerateResult, PasswordResult
    assert CheckResult.__annotations__["diagnostics"].__args__[0] is Diagnostic
    assert {ExplainResult.__name__, GenerateResult.__name__, PasswordResult.__name__} == {"ExplainResult", "GenerateResult", "PasswordResult"}
    assert cvm_rules.__version__.count(".") == 2


def test_no_output_holds_the_password() -> None:
    for password in ["hunter2hunter2", "Zq7!vTr9#Lm2@K", "abc 123ABC!@#x", "/Secret!2024xyz", "P@ss word中文12"]:
        for lang in ["en", "zh-CN"]:
            for profile in ["legacy-2017", "api3"]:
                outputs = [
                    cvm_rules.check(json.dumps({"InstanceIds": ["ins-1122"], "Password": password, "UserName": "ops"}), profile=profile, lang=lang),
                    cvm_rules.check(f"{HEAD}&Password={password}&{password}=1", profile=profile, lang=lang),
                    cvm_rules.explain(profile=profile, lang=lang, password=password, user_name="ops"),
                ]
                for output in outputs:
                    text = json.dumps(output, ensure_ascii=False)
                    assert password not in text, text
        with pytest.raises(cvm_rules.OptionsError) as raised:
            cvm_rules.explain(password=password, profile="api4")
        assert password not in str(raised.value)  # every parameter: test_no_leak.py


def test_the_gil_is_released_while_validating() -> None:
    # A large input validated on threads: every answer is right (the GIL is released
    # inside; a crash or a wrong answer here would be a binding bug).
    from concurrent.futures import ThreadPoolExecutor
    big = HEAD + "".join(f"&InstanceIds.{i}=ins-{i:08d}" for i in range(2, 101)) + "&Password=abc123ABC!@%23" + "&x=1" * 5000
    with ThreadPoolExecutor(4) as pool:
        results = list(pool.map(lambda _: cvm_rules.check(big), range(8)))
    assert all(r == results[0] for r in results)
    assert results[0]["valid"] is True


def test_force_stop_false_is_a_warning_and_stop_charging_is_refused() -> None:
    facts = {"InstanceSet": [
        {"InstanceId": "ins-r8hr2upy", "OsName": "CentOS 7.9", "InstanceState": "RUNNING"},
        {"InstanceId": "ins-5d8a23rs", "OsName": "CentOS 7.9", "InstanceState": "STOPPED", "StopChargingMode": "STOP_CHARGING"},
    ]}
    for profile, code in [("legacy-2017", "InvalidInstance.NotSupported"), ("api3", "UnsupportedOperation.StoppedModeStopCharging")]:
        validator = cvm_rules.Validator(profile=profile, facts=facts)  # type: ignore[arg-type]
        soft = validator.check(json.dumps({"InstanceIds": ["ins-r8hr2upy"], "Password": "abc123ABC!@#", "ForceStop": False}))
        assert soft["valid"] is True
        assert [(d["rule"], d["severity"], d["code"]) for d in soft["diagnostics"]] == [("instance.running_soft_stop", "warning", None)]
        missing = validator.check(json.dumps({"InstanceIds": ["ins-r8hr2upy"], "Password": "abc123ABC!@#"}))
        assert missing["diagnostics"][0]["rule"] == "instance.running_without_force_stop"
        stopped = validator.check(json.dumps({"InstanceIds": ["ins-5d8a23rs"], "Password": "abc123ABC!@#"}))
        assert [(d["rule"], d["code"]) for d in stopped["diagnostics"]] == [("instance.stop_charging", code)]
