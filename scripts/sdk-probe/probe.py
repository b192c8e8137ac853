"""Drives every SDK 6.19.1 call of docs/SMARTCAR.md §9.5 that the emulator serves, error paths included.

Run through scripts/sdk-probe/run, which starts the emulator and exports SMARTCAR_* first
(smartcar.config reads them at import time).
"""
import os
import re
import sys
import traceback
from urllib.parse import parse_qs, urlparse

import requests
import smartcar
from smartcar import smartcar as sc_module
from smartcar.exception import SmartcarException

ORIGIN = os.environ["SMARTCAR_API_ORIGIN"]
CLIENT_ID = os.environ["SMARTCAR_CLIENT_ID"]
SECRET = os.environ["SMARTCAR_CLIENT_SECRET"]
REDIRECT = os.environ["SMARTCAR_REDIRECT_URI"]
AMT = "carport-demo-management-token"

passed, failed = 0, 0


def check(name, fn):
    global passed, failed
    try:
        fn()
        passed += 1
        print(f"ok   {name}")
    except Exception as exc:  # noqa: BLE001 - every failure is reported, none stops the run
        failed += 1
        print(f"FAIL {name}: {exc!r}")
        traceback.print_exc(limit=3, file=sys.stdout)


def expect(condition, message):
    if not condition:
        raise AssertionError(message)


def raises(fn, **fields):
    """Calls fn, expects a SmartcarException whose attributes equal `fields`."""
    try:
        fn()
    except SmartcarException as exc:
        for key, want in fields.items():
            got = getattr(exc, key, None)
            expect(got == want, f"{key}: wanted {want!r}, got {got!r} ({exc})")
        return exc
    raise AssertionError(f"no SmartcarException, wanted {fields}")


def admin(method, path, body=None):
    response = requests.request(method, f"{ORIGIN}/admin/{path}", json=body, timeout=10)
    expect(response.status_code == 200, f"admin {path}: {response.status_code} {response.text}")
    return response.json()


def redirect_query(url):
    response = requests.get(url, allow_redirects=False, timeout=10)
    expect(response.status_code == 302, f"wanted 302, got {response.status_code}: {response.text[:200]}")
    location = response.headers["Location"]
    expect(location.startswith(REDIRECT), f"redirect went to {location}")
    return {k: v[0] for k, v in parse_qs(urlparse(location).query).items()}


client = smartcar.AuthClient(CLIENT_ID, SECRET, REDIRECT, mode="test")
SCOPES = ["read_vehicle_info", "read_vin", "read_odometer", "read_location", "read_security", "control_security",
          "read_battery", "read_charge", "control_charge", "read_fuel", "read_engine_oil", "read_tires",
          "read_diagnostics", "read_service_history", "control_navigation"]
state = {}


def auth_url_test():
    url = client.get_auth_url(SCOPES, {"state": "probe-1", "force_prompt": True})
    expect(url.startswith(os.environ["SMARTCAR_CONNECT_ORIGIN"] + "/oauth/authorize?"), url)
    query = parse_qs(urlparse(url).query)
    expect(query["client_id"] == [CLIENT_ID] and query["approval_prompt"] == ["force"], url)


def browser_connect():
    """Walks the HTML pages like a browser: preamble, brands, login, grant."""
    url = client.get_auth_url(SCOPES, {"state": "browser"})
    page = requests.get(url, timeout=10)
    expect('id="continue-button"' in page.text, "preamble has #continue-button")
    session = re.search(r'name="session" value="([^"]+)"', page.text).group(1)
    brands = requests.get(f"{ORIGIN}/connect/brands", params={"session": session}, timeout=10)
    expect('class="brand-list-item"' in brands.text and 'id="TESLA"' in brands.text, "brand list")
    login = requests.get(f"{ORIGIN}/connect/login", params={"session": session, "make": "TESLA"}, timeout=10)
    expect('id="sign-in-button"' in login.text and 'id="username"' in login.text, "login form")
    grant = requests.post(f"{ORIGIN}/connect/login", data={"session": session, "make": "TESLA",
                                                            "username": "browser@example.com", "password": "x"},
                          timeout=10)
    expect('id="approval-button"' in grant.text, "grant page")
    done = requests.post(f"{ORIGIN}/connect/grant", data={"session": session, "decision": "approve"},
                         allow_redirects=False, timeout=10)
    expect(done.status_code == 302, f"grant answered {done.status_code}")
    query = parse_qs(urlparse(done.headers["Location"]).query)
    expect(query["state"] == ["browser"], "state echoed")
    state["browser_code"] = query["code"][0]


def exchange_code():
    access = client.exchange_code(state["browser_code"])
    expect(access.token_type == "Bearer" and access.expires_in == 7200, str(access))
    expect(access.refresh_token and access.access_token, "tokens present")
    state["access"] = access


def reused_code():
    raises(lambda: client.exchange_code(state["browser_code"]), status_code=400, type="invalid_request")


def auto_connect(email, scopes=SCOPES):
    url = client.get_auth_url(scopes, {"state": "auto"}) + f"&emulator_auto=approve&emulator_email={email}"
    query = redirect_query(url)
    expect(query.get("state") == "auto", "state echoed")
    return client.exchange_code(query["code"])


def user_and_vehicles():
    access = auto_connect("3-vehicles@smartcar.com")
    user = smartcar.get_user(access.access_token)
    expect(len(user.id) == 36, user)
    page = smartcar.get_vehicles(access.access_token, {"limit": 2, "offset": 0})
    expect(page.paging.count == 3 and page.paging.offset == 0 and len(page.vehicles) == 2, str(page))
    rest = smartcar.get_vehicles(access.access_token, {"limit": 2, "offset": 2})
    expect(len(rest.vehicles) == 1 and rest.paging.offset == 2, str(rest))
    first = smartcar.get_vehicles(state["access"].access_token)
    state["vid"] = first.vehicles[0]
    expect(first.meta.request_id, "meta.request_id")


def vehicle(unit_system="metric"):
    return smartcar.Vehicle(state["vid"], state["access"].access_token, {"unit_system": unit_system})


def reads():
    v = vehicle()
    attrs = v.attributes()
    expect(attrs.make == "TESLA" and isinstance(attrs.year, int), str(attrs))
    expect(len(v.vin().vin) == 17, "vin")
    km = v.odometer()
    expect(km.meta.unit_system == "metric" and km.meta.data_age, str(km.meta))
    miles = vehicle("imperial").odometer()
    expect(miles.meta.unit_system == "imperial", str(miles.meta))
    expect(abs(km.distance / 1.609344 - miles.distance) < 1, f"{km.distance} km vs {miles.distance} mi")
    loc = v.location()
    expect(-90 <= loc.latitude <= 90, str(loc))
    lock = v.lock_status()
    expect(isinstance(lock.is_locked, bool) and len(lock.doors) == 4, str(lock))
    battery = v.battery()
    expect(0 <= battery.percent_remaining <= 1, str(battery))
    expect(v.battery_capacity().capacity > 0, "capacity")
    nominal = v.nominal_capacity()
    expect(nominal.availableCapacities[0].capacity > 0, str(nominal))
    expect(v.charge().state in ("CHARGING", "FULLY_CHARGED", "NOT_CHARGING"), "charge")
    expect(0.5 <= v.get_charge_limit().limit <= 1, "charge limit")
    tires = v.tire_pressure()
    expect(tires.front_left > 100, str(tires))
    expect(isinstance(v.diagnostic_system_status().systems, list), "system status")
    expect(isinstance(v.diagnostic_trouble_codes().active_codes, list), "dtcs")
    history = v.service_history("2024-01-01", "2026-12-31")
    expect(history.items[0]["serviceTasks"][0]["taskDescription"], str(history))
    perms = v.permissions()
    expect("read_odometer" in perms.permissions and perms.paging.count == len(SCOPES), str(perms))
    paged = v.permissions({"limit": 2})
    expect(len(paged.permissions) == 2 and paged.paging.count == len(SCOPES), str(paged))


def commands():
    v = vehicle()
    expect(v.unlock().status == "success", "unlock")
    expect(v.lock_status().is_locked is False, "unlocked")
    expect(v.lock().status == "success", "lock")
    expect(v.lock_status().is_locked is True, "locked")
    expect(v.set_charge_limit(0.8).status == "success", "charge limit")
    expect(v.get_charge_limit().limit == 0.8, "limit stored")
    if v.charge().state == "CHARGING":
        expect(v.stop_charge().status == "success", "stop charge")
    expect(v.start_charge().status == "success", "start charge")
    expect(v.charge().state == "CHARGING", "charging")
    raises(v.start_charge, status_code=409, type="VEHICLE_STATE", code="CHARGING_IN_PROGRESS")
    expect(v.send_destination(37.77, -122.42).status == "success", "destination")


def fuel_car():
    access = auto_connect("1FTFW1E53MFA77777@fuel.smartcar.com")
    vid = smartcar.get_vehicles(access.access_token).vehicles[0]
    car = smartcar.Vehicle(vid, access.access_token)
    fuel = car.fuel()
    expect(fuel.amount_remaining > 0 and 0 <= fuel.percent_remaining <= 1, str(fuel))
    expect(0 <= car.engine_oil().life_remaining <= 1, "oil")
    raises(car.battery, status_code=501, type="COMPATIBILITY", code="VEHICLE_NOT_CAPABLE")
    expect(car.vin().vin == "1FTFW1E53MFA77777", "vin from the test email")


def batch():
    result = vehicle().batch(["/odometer", "/location", "/fuel"])
    expect(result.odometer().distance > 0, "batch odometer")
    expect(result.location().latitude, "batch location")
    raises(result.fuel, status_code=501, type="COMPATIBILITY", code="VEHICLE_NOT_CAPABLE")


def webhooks_and_raw_request():
    v = vehicle()
    sub = v.subscribe("wh-1")
    expect(sub.webhook_id == "wh-1" and sub.vehicle_id == state["vid"], str(sub))
    expect(v.unsubscribe(AMT, "wh-1").status == "success", "unsubscribe")
    raw = v.request("GET", "odometer")
    expect(raw.body["distance"] > 0, str(raw))


def v3_reads():
    got = sc_module.get_vehicle(state["access"].access_token, state["vid"])
    expect(got["body"]["attributes"]["make"] == "TESLA", str(got))
    signals = vehicle().get_signals()
    expect(signals["body"]["meta"]["totalCount"] >= 1, str(signals))
    one = vehicle().get_signal("odometer-traveleddistance")
    expect(one["body"]["attributes"]["body"]["value"] > 0, str(one))


def refresh_rotation():
    old = state["access"].refresh_token
    fresh = client.exchange_refresh_token(old)
    expect(fresh.refresh_token != old and fresh.access_token != state["access"].access_token, "new pair")
    again = client.exchange_refresh_token(old)  # inside the 60 s grace
    expect(again.refresh_token not in (old, fresh.refresh_token), "grace use gives another pair")
    admin("POST", "clock", {"seconds": 61})
    raises(lambda: client.exchange_refresh_token(old), status_code=400, type="invalid_request")
    # Reuse after the grace revoked the whole family: the newest token is dead too.
    raises(lambda: client.exchange_refresh_token(fresh.refresh_token), status_code=400, type="invalid_request")
    raises(smartcar.Vehicle(state["vid"], fresh.access_token).odometer, status_code=401, type="AUTHENTICATION")
    counters = admin("GET", "counters")
    expect(counters["reuseDetections"] == 1 and counters["familyRevocations"] >= 1, str(counters))


def unknown_refresh_token():
    raises(lambda: client.exchange_refresh_token("not-a-token"), status_code=400, type="invalid_request")


def wrong_secret():
    bad = smartcar.AuthClient(CLIENT_ID, "wrong-secret", REDIRECT, mode="test")
    code = redirect_query(bad.get_auth_url(SCOPES) + "&emulator_auto=approve")["code"]
    raises(lambda: bad.exchange_code(code), status_code=401, type="invalid_client")


def rate_limit():
    state["access"] = auto_connect("rate@example.com")
    state["vid"] = smartcar.get_vehicles(state["access"].access_token).vehicles[0]
    admin("POST", "faults", {"kind": "api_error", "type": "RATE_LIMIT", "code": "VEHICLE", "retryAfter": 30,
                             "vehicleId": state["vid"], "count": 1})
    exc = raises(vehicle().odometer, status_code=429, type="RATE_LIMIT", code="VEHICLE")
    expect(exc.retry_after == "30", f"retry_after {exc.retry_after!r}")
    expect(vehicle().odometer().distance > 0, "works again after the one fault")


def bad_token():
    raises(smartcar.Vehicle(state["vid"], "bad-token").odometer, status_code=401, type="AUTHENTICATION")
    raises(lambda: smartcar.get_user("bad-token"), status_code=401, type="AUTHENTICATION")


def permission_error():
    access = auto_connect("scoped@example.com", ["read_odometer"])
    vid = smartcar.get_vehicles(access.access_token).vehicles[0]
    exc = raises(smartcar.Vehicle(vid, access.access_token).location, status_code=403, type="PERMISSION")
    expect(exc.resolution["type"] == "REAUTHENTICATE", str(exc.resolution))


def test_account_error():
    access = auto_connect("VEHICLE_STATE.ASLEEP@smartcar.com")
    car = smartcar.Vehicle(smartcar.get_vehicles(access.access_token).vehicles[0], access.access_token)
    raises(car.odometer, status_code=409, type="VEHICLE_STATE", code="ASLEEP")
    expect(len(car.vin().vin) == 17, "static endpoints still answer")


def connect_errors():
    base = client.get_auth_url(SCOPES, {"state": "e"})
    for name in ["deny", "invalid_subscription", "no_vehicles", "vehicle_incompatible", "configuration_error",
                 "server_error"]:
        query = redirect_query(base + f"&emulator_auto={name}")
        want = "access_denied" if name == "deny" else name
        expect(query["error"] == want and query["error_description"] and query["state"] == "e", str(query))
    expect("status_code" in redirect_query(base + "&emulator_auto=configuration_error"), "configuration_error extras")
    expect(redirect_query(base + "&emulator_auto=approve&emulator_email=smartcar@invalid-subscription.com")["error"]
           == "invalid_subscription", "test-account email")


def management():
    access = auto_connect("2-vehicles@smartcar.com")
    user_id = smartcar.get_user(access.access_token).id
    vids = smartcar.get_vehicles(access.access_token).vehicles
    listed = smartcar.get_connections(AMT, {"user_id": user_id}, {"limit": 1})
    expect(len(listed.connections) == 1 and listed.connections[0].user_id == user_id, str(listed))
    expect(listed.paging.cursor is not None, "a second page exists")
    rest = smartcar.get_connections(AMT, {"user_id": user_id}, {"limit": 1, "cursor": listed.paging.cursor})
    expect(len(rest.connections) == 1 and rest.paging.cursor is None, str(rest))
    deleted = smartcar.delete_connections(AMT, {"vehicle_id": vids[0]})
    expect([c.vehicle_id for c in deleted.connections] == [vids[0]], str(deleted))
    raises(smartcar.Vehicle(vids[0], access.access_token).odometer, status_code=401, type="AUTHENTICATION")
    raises(lambda: smartcar.get_connections("wrong-amt"), status_code=401, type="AUTHENTICATION")


def compatibility():
    options = {"client_id": CLIENT_ID, "client_secret": SECRET}
    ok = smartcar.get_compatibility("1FTFW1E53MFA77777", ["read_odometer", "read_fuel"], "US", options)
    expect(ok.compatible is True and len(ok.capabilities) == 2, str(ok))
    # Compatible means the vehicle can connect; a permission it cannot serve is `capable: false`
    # (docs/SMARTCAR.md §5.9).
    no = smartcar.get_compatibility("1FTFW1E53MFA77777", ["read_battery"], "US", options)
    expect(no.compatible is True and not no.capabilities[0].capable
           and no.capabilities[0].reason == "VEHICLE_NOT_CAPABLE", str(no))


def disconnect():
    v = vehicle()
    expect(v.disconnect().status == "success", "disconnect")
    raises(v.odometer, status_code=401, type="AUTHENTICATION")


for name, fn in [("get_auth_url", auth_url_test), ("Connect HTML pages", browser_connect),
                 ("exchange_code", exchange_code), ("reused code rejected", reused_code),
                 ("get_user / get_vehicles paging", user_and_vehicles), ("vehicle reads", reads),
                 ("commands", commands), ("combustion car", fuel_car), ("batch", batch),
                 ("webhooks and request()", webhooks_and_raw_request), ("v3 reads", v3_reads),
                 ("refresh rotation, grace, family revocation", refresh_rotation),
                 ("unknown refresh token", unknown_refresh_token), ("wrong client secret", wrong_secret),
                 ("429 with retry_after", rate_limit), ("AUTHENTICATION for a bad token", bad_token),
                 ("PERMISSION", permission_error), ("test-account API error", test_account_error),
                 ("Connect error redirects", connect_errors), ("management connections", management),
                 ("get_compatibility", compatibility), ("disconnect", disconnect)]:
    check(name, fn)

print(f"{passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
