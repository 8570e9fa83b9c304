"""The example backend through Flask's test client: the shape of each answer,
the languages, the Tencent error shape, and a distinctive password never found in
any answer."""

import json
from typing import Any, Dict, List

import pytest
from flask.testing import FlaskClient

from app import app

PASSWORD = "Qx7!vTr9#Lm2@K"  # valid under every policy
WEAK = "qxzvtr"  # fails length and classes everywhere


@pytest.fixture()
def client() -> FlaskClient:
    return app.test_client()


def body(ids: List[str], os: str, password: str, **extra: Any) -> Dict[str, Any]:
    return {"instance_ids": ids, "os": os, "profile": "legacy-2017", "password": password, "user_name": "", "force_stop": False, **extra}


def post(client: FlaskClient, path: str, payload: Any, lang: str = "") -> Any:
    response = client.post(path, json=payload, headers={"Accept-Language": lang})
    text = response.get_data(as_text=True)
    for secret in (PASSWORD, WEAK):
        assert secret not in text, f"{path} leaked the password"
        assert secret not in str(response.headers)
    assert response.headers["Cache-Control"] == "no-store"
    return response.status_code, json.loads(text)


def test_check_ticks_the_requirements_in_the_browser_language(client: FlaskClient) -> None:
    status, answer = post(client, "/api/check", body(["ins-r8hr2upy"], "linux", WEAK), "zh-CN,zh;q=0.9")
    assert status == 200
    assert answer["locale"] == "zh-CN"
    assert answer["checklist"]["requirements"][0]["message"] == "长度为 8 到 16 个字符"
    assert answer["checklist"]["all_met"] is False
    assert answer["report"]["diagnostics"][0]["rule"] == "password.length"
    status, answer = post(client, "/api/check", body(["ins-r8hr2upy"], "linux", PASSWORD), "en-US")
    assert answer["locale"] == "en"
    assert answer["checklist"]["all_met"] is True
    assert answer["report"]["valid"] is True
    assert answer["entropy"]["length"] == 16


def test_unusable_facts_fall_back_to_the_strictest_policy_when_checking(client: FlaskClient) -> None:
    status, answer = post(client, "/api/check", body(["ins-r8hr2upy"], "facts", PASSWORD, facts="{not json"))
    assert status == 200
    assert answer["facts_error"].startswith("the facts are not usable: instance facts are not valid JSON")
    assert answer["report"]["policy"]["os_known"] is False
    status, answer = post(client, "/api/submit", body(["ins-r8hr2upy"], "facts", PASSWORD, facts="{not json"))
    assert status == 400
    assert answer["FormError"]["Field"] == "facts"


def test_submit_answers_in_the_tencent_shape(client: FlaskClient) -> None:
    status, answer = post(client, "/api/submit", body(["ins-r8hr2upy", "ins-1122"], "windows", PASSWORD))
    assert status == 200
    error = answer["Response"]["Error"]
    assert error["Code"] == "InvalidInstanceId.Malformed"
    assert error["Message"].startswith("InstanceIds.2 is not a valid instance ID")
    assert len(answer["Response"]["RequestId"]) == 36
    status, answer = post(client, "/api/submit", body(["ins-r8hr2upy"], "windows", PASSWORD), "zh")
    assert "Error" not in answer["Response"] and "Diagnostics" not in answer["Response"]
    facts = {"Response": {"InstanceSet": [{"InstanceId": "ins-r8hr2upy", "OsName": "Windows Server 2019", "InstanceState": "RUNNING"}]}}
    status, answer = post(client, "/api/submit", body(["ins-r8hr2upy"], "facts", PASSWORD, facts=json.dumps(facts)), "zh-CN")
    assert answer["Response"]["Error"]["Code"] == "InvalidInstance.NotSupported"
    assert "正在运行" in answer["Response"]["Error"]["Message"]


def test_no_route_answers_with_the_password(client: FlaskClient) -> None:
    for password in (PASSWORD, WEAK):
        for payload in [
            body(["ins-r8hr2upy"], "linux", password),
            body(["ins-1122"], "windows", password, profile="api3", user_name=password),
            body(["ins-r8hr2upy"], "facts", password, facts=password),
            body([password], "linux", password),
            {"password": password, "os": password},
            [password],
        ]:
            for path in ("/api/check", "/api/submit"):
                post(client, path, payload)
        for path in ("/api/check", "/api/submit"):
            response = client.get(f"{path}?password={password}")
            assert response.status_code == 405
            assert password not in response.get_data(as_text=True)
