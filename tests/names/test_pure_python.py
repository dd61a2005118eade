import subprocess
import sys


def test_the_names_package_and_its_command_import_neither_django_nor_a_database():
    code = (
        "import sys, aqiqat.names, aqiqat.cli.commands.names;"
        "bad = [m for m in sys.modules if m.split('.')[0] in {'django', 'sqlite3', 'psycopg'}];"
        "print(bad); sys.exit(1 if bad else 0)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
