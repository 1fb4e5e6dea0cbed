-- Score details as numbers only (scoring/stored-score.ts): a scored night's detail becomes one
-- json array of its contributors' values, sub-scores and weights and the figures their
-- explanations quote; an unscored night's, its reason. The explanations (most of the ~1.1 kB a
-- night) are rendered again at read time by the code that renders them at scoring, so the score
-- RPC answers as before. Only details of score version sleep-score-1 whose every explanation
-- reads as that version writes it are converted; any other detail is kept whole (read as stored).
UPDATE "analytics"."nightly_facts" AS f
SET "score_detail" = coalesce((
  SELECT CASE
    WHEN f."score" IS NULL THEN
      CASE WHEN f."score_detail" - 'reason' = '{"contributors": []}'::jsonb
        AND jsonb_typeof(f."score_detail" -> 'reason') = 'string'
      THEN f."score_detail" -> 'reason' END
    -- Whole patterns checked without capture groups (fast); figures taken with short patterns.
    WHEN jsonb_array_length(c) = 6
      AND (c -> 0 ->> 'name', c -> 1 ->> 'name', c -> 2 ->> 'name', c -> 3 ->> 'name', c -> 4 ->> 'name', c -> 5 ->> 'name')
        = ('duration', 'efficiency', 'continuity', 'latency', 'timing', 'restoration')
      AND (c -> 0 ->> 'unit', c -> 1 ->> 'unit', c -> 2 ->> 'unit', c -> 3 ->> 'unit', c -> 4 ->> 'unit', c -> 5 ->> 'unit')
        = ('seconds', 'ratio', 'seconds', 'seconds', 'seconds', 'ratio')
      AND f."score_detail" - 'contributors' = '{}'::jsonb
      AND duration ~ '^\d+ h \d\d min asleep; the recommended range for age band (?:unknown|65\+|18-64|14-17|6-13) is \d+-\d+ h\.$'
      AND efficiency ~ '^Asleep for \d+(?:\.\d)? % of the time in bed; 85 % or more counts as good\.$'
      AND continuity ~ '^\d+ min awake after falling asleep(?:, \d+ awakening\(s\) longer than 5 min; up to 20 min and one such awakening count as good|; 20 min or less counts as good)\.$'
      AND latency ~ '^\d+ min to fall asleep; 30 min or less counts as good\.$'
      AND timing ~ '^(?:Fewer than \d+ earlier nights to compare the timing with \(\d+\)|Mid-sleep \d+ min from the usual of the last \d+ nights; 30 min or less counts as good)\.$'
      AND restoration ~ '^Deep and REM sleep made up \d+(?:\.\d)? % of the time asleep; 40 % or more counts as good\.$'
    THEN jsonb_build_array(c -> 0 -> 'value', c -> 1 -> 'value', c -> 2 -> 'value', c -> 3 -> 'value', c -> 4 -> 'value', c -> 5 -> 'value')
      || jsonb_build_array(c -> 0 -> 'subScore', c -> 1 -> 'subScore', c -> 2 -> 'subScore', c -> 3 -> 'subScore', c -> 4 -> 'subScore', c -> 5 -> 'subScore')
      || jsonb_build_array(c -> 0 -> 'weight', c -> 1 -> 'weight', c -> 2 -> 'weight', c -> 3 -> 'weight', c -> 4 -> 'weight', c -> 5 -> 'weight')
      || jsonb_build_array(
        substring(duration from 'age band (\S+) is'),
        substring(efficiency from '^Asleep for (\S+) %')::numeric,
        substring(continuity from ', (\d+) awakening')::int,
        substring(timing from '^Mid-sleep (\d+) min')::int,
        coalesce(substring(timing from 'with \((\d+)\)'), substring(timing from 'last (\d+) nights'))::int,
        substring(restoration from 'made up (\S+) %')::numeric)
  END
  FROM (SELECT c,
      c -> 0 ->> 'explanation' AS duration,
      c -> 1 ->> 'explanation' AS efficiency,
      c -> 2 ->> 'explanation' AS continuity,
      c -> 3 ->> 'explanation' AS latency,
      c -> 4 ->> 'explanation' AS timing,
      c -> 5 ->> 'explanation' AS restoration
    FROM (SELECT f."score_detail" -> 'contributors' AS c) AS detail
  ) AS texts
), f."score_detail")
WHERE f."score_version" = 'sleep-score-1' AND jsonb_typeof(f."score_detail") = 'object';
