"""The pieces of delivery on their own: the sealed contact, the key file, the backoff, the templates and
the configuration file — each with what it promises, and bad input answered with a sentence."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from backend.cli import main
from backend.notify_config import NotifyConfigError, Retry, load, parse
from backend.notify_seal import Contact, KeyFileError, SealBroken, Sealer, load_or_make_key
from backend.notify_templates import TEMPLATES, redacted, render


def _key(tmp_path: Path) -> bytes:
    return load_or_make_key(tmp_path / "k")


codes = st.from_regex(r"[0-9]{6}", fullmatch=True)
tokens = st.from_regex(r"[A-Za-z0-9_-]{16,40}", fullmatch=True)
phones = st.from_regex(r"[0-9]{9}", fullmatch=True)
words = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="{}"), max_size=30)


@settings(max_examples=60, deadline=None)
@given(code=codes, token=tokens, phone=phones, email=st.none() | st.emails(),
       language=st.sampled_from([None, "pl", "en"]))
def test_a_sealed_contact_opens_to_itself_and_shows_none_of_its_secrets(tmp_path_factory, code, token, phone,
                                                                       email, language):
    sealer = Sealer(_key(tmp_path_factory.mktemp("k")))
    contact = Contact(phone=phone, email=email, code=code, token=token, language=language)
    sealed = sealer.seal(contact)
    assert sealer.open(sealed) == contact
    for secret in (code, token, phone):
        assert secret not in sealed


def test_a_contact_sealed_under_another_key_does_not_open(tmp_path):
    sealed = Sealer(_key(tmp_path / "a")).seal(Contact("600100200", None, "123456", "tok"))
    with pytest.raises(SealBroken, match="cannot be opened"):
        Sealer(_key(tmp_path / "b")).open(sealed)
    with pytest.raises(SealBroken):
        Sealer(_key(tmp_path / "a")).open(sealed[:-4] + "AAAA")


def test_the_key_file_is_made_for_its_owner_only_and_a_readable_one_is_refused(tmp_path):
    path = tmp_path / "keys" / "notification.key"
    key = load_or_make_key(path)
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600 and load_or_make_key(path) == key
    path.chmod(0o644)
    with pytest.raises(KeyFileError, match="chmod 600"):
        load_or_make_key(path)
    path.chmod(0o600)
    path.write_text("not a key")
    with pytest.raises(KeyFileError, match="Fernet key"):
        load_or_make_key(path)


@given(base=st.floats(0, 1000), cap_extra=st.floats(0, 10000), attempts=st.integers(1, 60))
def test_the_backoff_grows_and_never_passes_its_cap(base, cap_extra, attempts):
    retry = Retry(max_attempts=10, base_seconds=base, max_seconds=base + cap_extra)
    assert retry.delay(attempts) <= retry.max_seconds
    assert retry.delay(attempts + 1) >= retry.delay(attempts) >= min(base, retry.max_seconds)


@settings(max_examples=80)
@given(template=st.sampled_from(TEMPLATES), language=st.sampled_from(["pl", "en"]), code=codes, token=tokens,
       tracking=words, deadline=words)
def test_a_redacted_message_never_holds_the_code_and_the_deposited_one_always_does(template, language, code, token,
                                                                                  tracking, deadline):
    assume(code not in token)
    fields = {"tracking_number": tracking, "locker": "LCK-1", "deadline": deadline, "code": code, "token": token}
    shown = redacted(template, language, fields)
    assert code not in shown.subject + shown.body or code in tracking + deadline
    assert token not in shown.subject + shown.body or token in tracking + deadline
    text = render(template, language, fields)
    assert (code in text.body) == (template == "deposited") or code in tracking + deadline
    assert "{" not in render(template, language, {**fields, "tracking_number": "T"}).body


def test_the_configuration_file_names_what_is_wrong(tmp_path):
    path = tmp_path / "notify.toml"
    path.write_text('language = "de"\n')
    with pytest.raises(NotifyConfigError, match="language must be one of pl, en"):
        load(path)
    path.write_text('[email]\nhost = "smtp"\nportt = 25\n')
    with pytest.raises(NotifyConfigError, match=r"\[email\].*the keys are host, port"):
        load(path)
    path.write_text('[sms]\nurl = "http://x"\nformat = "xml"\n')
    with pytest.raises(NotifyConfigError, match="json or form"):
        load(path)
    path.write_text("[email\n")
    with pytest.raises(NotifyConfigError, match="is not TOML"):
        load(path)
    with pytest.raises(NotifyConfigError, match="cannot be read"):
        load(tmp_path / "missing.toml")
    config = parse({"language": "en", "sites": {"LCK-1": {"language": "pl"}}, "email": {"host": "h"}})
    assert config.language_of("LCK-1") == "pl" and config.language_of("LCK-2") == "en"
    assert config.language_of("LCK-1", "en") == "en" and config.channels == ("email",)


def test_serve_refuses_a_configuration_without_its_key_or_with_an_error(tmp_path, capsys):
    config = tmp_path / "notify.toml"
    config.write_text('[email]\nhost = "127.0.0.1"\n')
    db = f"sqlite:///{tmp_path / 'b.db'}"
    with pytest.raises(SystemExit) as exit_:
        main(["serve", "--db", db, "--notify-config", str(config)])
    assert exit_.value.code == 2 and "needs --notification-key-file" in capsys.readouterr().err
    config.write_text("retry = 3\n")
    with pytest.raises(SystemExit) as exit_:
        main(["serve", "--db", db, "--notify-config", str(config), "--notification-key-file",
              str(tmp_path / "key")])
    assert exit_.value.code == 2 and "[retry] must be a table" in capsys.readouterr().err
