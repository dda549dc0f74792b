import datetime as dt
import json

import pandas as pd
import pytest

from collectors.errors import ContractError, StoreError
from collectors.store import Store, sha256_file

DAY = dt.date(2025, 1, 2)
AT = dt.datetime(2025, 1, 2, 6, tzinfo=dt.UTC)


def price_rows(n=3, price=1.0):
    return pd.DataFrame({
        "kind": "prices", "source": "llm_prices", "source_url": "https://example.org/p.json",
        "captured_at": pd.Timestamp(AT), "snapshot_date": pd.Timestamp(DAY),
        "model_key": [f"m{i}" for i in range(n)], "model_name": [f"M {i}" for i in range(n)],
        "provider": "vendor", "input_usd_per_mtok": price, "output_usd_per_mtok": price * 4,
        "cached_input_usd_per_mtok": None, "effective_from": None, "effective_to": None})


def test_publish_writes_parquet_then_manifest(tmp_path):
    store = Store(tmp_path)
    entry = store.publish("llm_prices", DAY, price_rows(), captured_at=AT, inputs=[])
    path = tmp_path / "snapshots/llm_prices/2025-01-02.parquet"
    assert entry["path"] == "snapshots/llm_prices/2025-01-02.parquet" and path.exists()
    assert entry["sha256"] == sha256_file(path)
    assert entry["rows"] == 3 and entry["kinds"] == ["prices"]
    line = json.loads((tmp_path / "manifest.jsonl").read_text().splitlines()[0])
    assert line == entry
    back = store.read_kind("prices")
    assert back["input_usd_per_mtok"].tolist() == [1.0, 1.0, 1.0]
    assert str(back["captured_at"].dt.tz) == "UTC"


def test_a_snapshot_is_never_overwritten(tmp_path):
    store = Store(tmp_path)
    store.publish("llm_prices", DAY, price_rows(price=1.0), captured_at=AT, inputs=[])
    before = (tmp_path / "snapshots/llm_prices/2025-01-02.parquet").read_bytes()
    with pytest.raises(StoreError, match="never overwritten"):
        store.publish("llm_prices", DAY, price_rows(price=2.0), captured_at=AT, inputs=[])
    assert (tmp_path / "snapshots/llm_prices/2025-01-02.parquet").read_bytes() == before
    assert len(store.entries()) == 1


@pytest.mark.parametrize("change, message", [
    (lambda f: f.assign(input_usd_per_mtok=-1.0), "input_usd_per_mtok.*below 0"),
    (lambda f: f.assign(input_usd_per_mtok="cheap"), "input_usd_per_mtok.*not float"),
    (lambda f: f.assign(source_url="file:///etc/passwd"), "source_url.*not http"),
    (lambda f: f.assign(provider=None), "provider.*null"),
    (lambda f: f.drop(columns=["provider"]), "provider"),
    (lambda f: f.assign(colour="red"), "not in the contract.*colour"),
    (lambda f: f.iloc[0:0], "empty"),
])
def test_an_invalid_frame_is_not_written_and_the_error_names_the_column(tmp_path, change, message):
    store = Store(tmp_path)
    with pytest.raises(ContractError, match=message):
        store.publish("llm_prices", DAY, change(price_rows()), captured_at=AT, inputs=[])
    assert not (tmp_path / "snapshots/llm_prices").exists() or \
        not list((tmp_path / "snapshots/llm_prices").iterdir())
    assert store.entries() == []


def test_only_manifest_listed_snapshots_are_read(tmp_path):
    store = Store(tmp_path)
    store.publish("llm_prices", DAY, price_rows(), captured_at=AT, inputs=[])
    # debris of a run killed between rename and manifest append: a file nobody listed
    stray = tmp_path / "snapshots/llm_prices/2025-01-03.parquet"
    price_rows(n=7).to_parquet(stray)
    assert len(store.read_kind("prices")) == 3
    # and a later publish for that date replaces the unlisted debris
    store.publish("llm_prices", dt.date(2025, 1, 3), price_rows(n=2), captured_at=AT, inputs=[])
    assert len(store.read_kind("prices")) == 5


def test_a_torn_manifest_line_is_ignored(tmp_path):
    store = Store(tmp_path)
    store.publish("llm_prices", DAY, price_rows(), captured_at=AT, inputs=[])
    with open(tmp_path / "manifest.jsonl", "a") as fh:
        fh.write('{"source": "llm_prices", "snapsh')  # the process died mid-append
    assert [e["snapshot_date"] for e in store.entries()] == ["2025-01-02"]


def test_no_temp_files_are_left_behind_after_a_failed_write(tmp_path, monkeypatch):
    store = Store(tmp_path)

    def explode(*args, **kwargs):
        raise OSError("disk full")
    monkeypatch.setattr(pd.DataFrame, "to_parquet", explode)
    with pytest.raises(OSError):
        store.publish("llm_prices", DAY, price_rows(), captured_at=AT, inputs=[])
    assert list((tmp_path / "snapshots/llm_prices").iterdir()) == []
    assert store.entries() == []


def test_lock_admits_one_run_and_names_the_holder(tmp_path):
    store = Store(tmp_path)
    with store.lock(), pytest.raises(StoreError, match="pid"), Store(tmp_path).lock():
        pass
    with store.lock():  # released after the first run
        pass


def test_unsafe_names_never_become_paths(tmp_path):
    store = Store(tmp_path)
    with pytest.raises(StoreError):
        store.publish("../evil", DAY, price_rows(), captured_at=AT, inputs=[])
    with pytest.raises(StoreError):
        store.save_raw("llm_prices", DAY, "../../x", b"data", {})
