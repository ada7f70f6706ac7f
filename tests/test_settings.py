import json

from toolkit.settings import Settings, load_settings, save_settings


def test_round_trip(tmp_path):
    path = tmp_path / "settings.json"
    save_settings(path, Settings(language="fr", text_scale=175))
    loaded = load_settings(path)
    assert (loaded.language, loaded.text_scale) == ("fr", 175)


def test_missing_file_gives_defaults(tmp_path):
    assert load_settings(tmp_path / "none.json") == Settings()


def test_damaged_file_gives_defaults_and_is_kept_aside(tmp_path):
    path = tmp_path / "settings.json"
    path.write_text("{not json", encoding="utf-8")
    assert load_settings(path) == Settings()
    assert (tmp_path / "settings.json.bad").read_text(encoding="utf-8") == "{not json"


def test_out_of_range_values_are_replaced(tmp_path):
    path = tmp_path / "settings.json"
    path.write_text(json.dumps({"language": "xx", "text_scale": 900, "unknown": 1}))
    loaded = load_settings(path)
    assert loaded.language is None and loaded.text_scale == 100
