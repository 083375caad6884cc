"""Apply statistics: the Apply button's counted redirect and the editors' tables of clicks."""
