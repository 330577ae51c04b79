"""Files to model: strict YAML/JSON/XLSX readers, catalogue, rubrics, deals, waivers, baselines."""
