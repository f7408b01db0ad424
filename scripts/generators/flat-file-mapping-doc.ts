/**
 * The mapping document of the flat-file reference profile (`examples/flat-file/mapping.md` and `.html`),
 * rendered from the compiled mappings that run, so the document cannot drift from the code.
 */
import { renderMappingDocument } from '../../src/mappings/document/render-mapping-document.js';
import { flatFileMappings } from '../../src/profiles/flat-file/flat-file-mappings.js';
import { loadFlatFileCodeLists } from '../../src/profiles/flat-file/flat-file-code-lists.js';
import { checksumOf, markdownBanner, type Generator } from './generator.js';

/** Bumped when the output shape changes, so that checksums change with it. */
const GENERATOR_VERSION = 'flat-file-mapping-doc-1';
const TITLE = 'Mapping document: flat-file commune export → casebridge canonical model';

/** The flat-file mapping-document generator (owns no folder: `examples/flat-file/` holds hand-written files). */
export const flatFileMappingDocGenerator: Generator = {
  name: 'flat-file-mapping-doc',
  ownedDirs: [],
  generate() {
    const mappings = flatFileMappings(loadFlatFileCodeLists());
    const markdown = renderMappingDocument(mappings, { format: 'markdown', title: TITLE });
    const html = renderMappingDocument(mappings, { format: 'html', title: TITLE });
    return Promise.resolve([
      { path: 'examples/flat-file/mapping.md', content: `${markdownBanner(checksumOf(GENERATOR_VERSION, markdown))}${markdown}` },
      { path: 'examples/flat-file/mapping.html', content: `${markdownBanner(checksumOf(GENERATOR_VERSION, html))}${html}` },
    ]);
  },
};
