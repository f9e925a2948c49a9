"""Writing the returns councils send on from the canonical tables: the DfE census return."""
