"""What importing and using the table schemas loads (a rerun pays for every import)."""
from __future__ import annotations

import subprocess
import sys

import pytest


def _run(code: str) -> str:
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()


def test_validating_a_table_does_not_import_dask():
    out = _run(
        "import sys\n"
        "from pipeline.dataset import schema\n"
        "frame = schema.to_frame('blocks', [dict(doc_id='a', block=1, kind='p', category='c', rule_id='r',"
        " start=0, end=1, section=0, text='t')])\n"
        "schema.validate('blocks', frame)\n"
        "print('dask.dataframe' in sys.modules, sys.modules['pandera.typing.dask'].DASK_INSTALLED)\n"
    )
    assert out == "False False"


def test_dask_imported_first_keeps_panderas_own_dask_typing():
    pytest.importorskip("dask.dataframe")
    out = _run(
        "import sys\n"
        "import dask.dataframe\n"
        "from pipeline.dataset import schema\n"
        "schema.table_schema('documents')\n"
        "print(sys.modules['pandera.typing.dask'].DASK_INSTALLED)\n"
    )
    assert out == "True"


def test_a_bad_value_still_fails_validation():
    from pandera.errors import SchemaErrors

    from pipeline.dataset import schema

    frame = schema.to_frame("blocks", [dict(doc_id="a", block=1, kind="p", category="c", rule_id="r",
                                            start=-1, end=1, section=0, text="t")])
    with pytest.raises(SchemaErrors):
        schema.validate("blocks", frame)
