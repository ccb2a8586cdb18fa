"""429 with Retry-After on enrolment and the unauthenticated routes, counted in the store so every
worker and host shares the limit; authenticated routes are not counted."""

from __future__ import annotations

import httpx
from sync_live import LiveServer

from backend.ratelimit import Limits


def test_enrolment_guesses_get_429_with_retry_after_and_the_count_is_shared_by_two_apps(store_url):
    limits = Limits(enroll_per_minute=5, open_per_minute=8)
    one, two = LiveServer(store_url, limits=limits).start(), LiveServer(store_url, limits=limits).start()
    try:
        guess = {"protocol": 1, "enrollment_code": "AAA-BBB-CCC", "terminal_name": "x", "role": "station"}
        answers = [httpx.post(f"{server.url}/v1/enroll", json=guess) for server in (one, two) * 5]
        codes = [a.status_code for a in answers]
        assert codes[:5] == [403] * 5 and codes[5:] == [429] * 5   # two processes, one limit
        refused = answers[-1]
        assert 1 <= int(refused.headers["Retry-After"]) <= 60
        assert "Too many requests" in refused.json()["message"] and refused.json()["message"].endswith("seconds.")
        others = [httpx.get(f"{one.url}/docs").status_code for _ in range(9)]
        assert others == [404] * 8 + [429]
        # authenticated routes are not counted (their token is the limit)
        assert {httpx.get(f"{one.url}/v1/pull").status_code for _ in range(12)} == {401}
    finally:
        one.stop()
        two.stop()
