"""Reading foreign reference parts from the files people have: KiCad symbol libraries
(KiCad 5 `.dcm` + `.lib`, KiCad 6+ `.kicad_sym`) and registrars' CSV/XLSX tables.

Each reader turns one file into `Record`s and `Problem`s (what it could not read and why);
`store.write` puts records into `ForeignPart` in batches.
"""
