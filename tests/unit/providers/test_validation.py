"""Tax and registry numbers: ASCII digits only ('²' and '٣' are digits to str.isdigit)."""

from __future__ import annotations

import pytest

from server.core.errors import ValidationFailed
from tenants.providers.validation import clean_mersis, clean_tin


@pytest.mark.parametrize("value", ["²" * 16, "٣" * 16, "３" * 16, "1" * 15 + "²"])
def test_a_mersis_of_other_digits_is_malformed(value: str) -> None:
    with pytest.raises(ValidationFailed) as refused:
        clean_mersis(value)
    assert refused.value.code == "H228"


@pytest.mark.parametrize("value", ["٤٥٤٠٥٣٦٩٢٠", "²" * 10, "454053692²", "١" * 11])
def test_a_tin_of_other_digits_is_malformed(value: str) -> None:
    with pytest.raises(ValidationFailed) as refused:
        clean_tin(value)
    assert refused.value.code == "H244"


def test_ascii_numbers_still_pass() -> None:
    assert clean_tin(" 4540536920 ") == "4540536920"
    assert clean_mersis("1111111111111111") == "1111111111111111"
