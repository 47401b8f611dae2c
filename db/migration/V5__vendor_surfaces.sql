-- Until this version the vendor name `runflow` meant Runflow's runs API and `sinancode` SinanCode's
-- Nano Banana Pro path. The names now speak the endpoints the vendors' own pages document, and those
-- surfaces are `runflow-runs` and `sinancode-pro` (docs/decisions.md, decision 19). Runs recorded
-- earlier keep the surface their tasks were submitted to, so a restart follows each paid task where
-- it is (a run UUID of the runs API, a task of the Pro path) and never sends a row to another model.

UPDATE run SET spec = jsonb_set(spec, '{vendors}', (
        SELECT jsonb_agg(CASE v->>'name'
                             WHEN 'runflow' THEN jsonb_set(v, '{name}', '"runflow-runs"')
                             WHEN 'sinancode' THEN jsonb_set(v, '{name}', '"sinancode-pro"')
                             ELSE v END ORDER BY position)
        FROM jsonb_array_elements(spec->'vendors') WITH ORDINALITY AS vendor(v, position)))
WHERE spec->'vendors' @> '[{"name": "runflow"}]' OR spec->'vendors' @> '[{"name": "sinancode"}]';

UPDATE task SET vendor = 'runflow-runs' WHERE vendor = 'runflow';
UPDATE task SET vendor = 'sinancode-pro' WHERE vendor = 'sinancode';
UPDATE attempt SET vendor = 'runflow-runs' WHERE vendor = 'runflow';
UPDATE attempt SET vendor = 'sinancode-pro' WHERE vendor = 'sinancode';
