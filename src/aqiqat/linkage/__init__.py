"""Record linkage across lists and scripts. No Django here."""
