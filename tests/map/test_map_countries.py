from __future__ import annotations

import pytest

from affiche.map.countries import alpha2_for_numeric, country_name, numeric_for_alpha2


@pytest.mark.parametrize("numeric, alpha2", [("124", "CA"), ("250", "FR"), ("826", "GB"), ("840", "US"),
                                             ("004", "AF"), ("276", "DE"), ("158", "TW")])
def test_numeric_to_alpha2(numeric, alpha2):
    assert alpha2_for_numeric(numeric) == alpha2


@pytest.mark.parametrize("numeric", ["999", "983", "-99", "", "200", "062", "CA", "4"])
def test_numeric_without_a_single_country_raises_with_the_code(numeric):
    # 9xx are private use (CLDR: 999 unknown, 983 Kosovo); 200 was Czechoslovakia (now CZ and SK);
    # 062 is a UN region, not a country.
    with pytest.raises(KeyError) as raised:
        alpha2_for_numeric(numeric)
    assert raised.value.args == (numeric,)


def test_alpha2_to_numeric():
    assert numeric_for_alpha2("CA") == "124"
    assert numeric_for_alpha2("GB") == "826"
    with pytest.raises(KeyError) as raised:
        numeric_for_alpha2("QQ")
    assert raised.value.args == ("QQ",)


def test_withdrawn_codes_need_the_acceptable_ones():
    with pytest.raises(ValueError, match="276, 278, 280"):
        numeric_for_alpha2("DE")
    assert numeric_for_alpha2("DE", among={"276", "124"}) == "276"
    with pytest.raises(KeyError):
        numeric_for_alpha2("DE", among={"124"})


def test_every_code_in_the_map_data_round_trips(features_110m):
    codes = {f.iso_numeric for f in features_110m if f.iso_numeric}
    assert len(codes) == 174
    for numeric in codes:
        assert numeric_for_alpha2(alpha2_for_numeric(numeric), among=codes) == numeric


@pytest.mark.parametrize("alpha2, lang, name", [
    ("GB", "fr", "Royaume-Uni"), ("GB", "en", "United Kingdom"),
    ("CA", "fr", "Canada"), ("DE", "fr", "Allemagne"), ("CI", "fr", "Côte d’Ivoire"),
])
def test_cldr_names_for_canada(alpha2, lang, name):
    assert country_name(alpha2, lang) == name


@pytest.mark.parametrize("code", ["QQ", "150", "gb"])
def test_unknown_country_name_raises_with_the_code(code):
    with pytest.raises(KeyError) as raised:
        country_name(code, "fr")
    assert raised.value.args == (code,)
