from vetorbase.humanize import human_bytes


def test_human_bytes_uses_binary_units_and_handles_unknown():
    assert human_bytes(0) == "0 B"
    assert human_bytes(1536) == "1.5 KiB"
    assert human_bytes(300 * 1024**2) == "300.0 MiB"
    assert human_bytes(None) == "—"
