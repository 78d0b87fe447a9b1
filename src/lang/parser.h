// ParsePipeline: reads one pipeline file (SPEC.md §2) into a PipelineAst.
//
// DSL keywords are contextual: a statement is DSL only when its first words say so (SOURCE,
// LOAD t FROM, EXPORT, SET, INCLUDE, IF, CREATE [OR REPLACE] TABLE t MODE|AS); every other
// statement is SQL kept verbatim. All errors of a file are found in one pass: after an error
// the parser skips to the end of that statement and goes on.
// Thread-safety: pure function.
#pragma once

#include <string>
#include <string_view>

#include "common/diagnostic.h"
#include "lang/ast.h"

namespace sqlflow {

struct ParseResult {
  // The statements that parsed; a statement with an error is left out.
  PipelineAst ast;
  // Errors (and warnings), in file order, with spans in `file`. The AST is complete only when
  // there are no errors.
  Diagnostics diagnostics;
};

// Parses `text`, the contents of the pipeline file shown to users as `file`.
ParseResult ParsePipeline(std::string_view text, const std::string& file);

}  // namespace sqlflow
