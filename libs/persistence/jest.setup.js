// Opening PGlite takes 0.3–2 s alone, and many times that on a machine busy with other suites.
// (testTimeout in a project's config is ignored when jest runs several projects at once.)
jest.setTimeout(30_000);
