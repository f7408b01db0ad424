/**
 * The mapping document of the relational reference profile (`examples/relational/mapping.md` and
 * `.html`), rendered from the compiled mappings that run, so the document cannot drift from the code.
 */
import { renderMappingDocument } from '../../src/mappings/document/render-mapping-document.js';
import { relationalMappings } from '../../src/profiles/relational/relational-profile.js';
import { checksumOf, markdownBanner, type Generator } from './generator.js';

/** Bumped when the output shape changes, so that checksums change with it. */
const GENERATOR_VERSION = 'relational-mapping-doc-1';
const TITLE = 'Mapping document: relational legacy system (KiSS-like) → casebridge canonical model';

/** The relational mapping-document generator (owns no folder: `examples/relational/` holds hand-written files). */
export const relationalMappingDocGenerator: Generator = {
  name: 'relational-mapping-doc',
  ownedDirs: [],
  generate() {
    const mappings = relationalMappings();
    const markdown = renderMappingDocument(mappings, { format: 'markdown', title: TITLE });
    const html = renderMappingDocument(mappings, { format: 'html', title: TITLE });
    return Promise.resolve([
      { path: 'examples/relational/mapping.md', content: `${markdownBanner(checksumOf(GENERATOR_VERSION, markdown))}${markdown}` },
      { path: 'examples/relational/mapping.html', content: `${markdownBanner(checksumOf(GENERATOR_VERSION, html))}${html}` },
    ]);
  },
};
