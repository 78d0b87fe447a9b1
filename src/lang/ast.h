// The AST of a pipeline file (SPEC.md §2.2), filled by the Parser and read by the planner.
// Nothing here is resolved: variables stay as written, INCLUDE and IF are not expanded, and SQL
// bodies are the verbatim source text. Every node carries the span it came from.
// Thread-safety: plain values.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "common/source_span.h"

namespace sqlflow {

// A simple name: `orders` or `"any name"` (quotes removed, `""` unescaped).
struct Identifier {
  std::string name;
  bool quoted = false;
  SourceSpan span;
};

// `table` or `schema.table` (or more parts); each part as an Identifier.
struct QualifiedName {
  std::vector<Identifier> parts;
  SourceSpan span;
  // Dotted name as written, parts quoted only when they need it: `sales."my table"`.
  std::string ToString() const;
};

// A string literal in a DSL position: '…' or "…" (quotes removed, doubled quotes unescaped).
// `${…}` inside it is kept verbatim for the planner to splice.
struct StringLiteral {
  std::string value;
  SourceSpan span;
};

// SQL kept verbatim from the source text (from its first token up to, not including, `;`).
struct SqlText {
  std::string text;
  SourceSpan span;  // offset/line/column of the first character
};

// Relaxed JSON (SPEC §2.1): trailing commas allowed; `${…}` as a bare value (kVariable, `text`
// holds the whole `${…}`), or inside strings (kept verbatim in `text`, spliced by the planner).
struct JsonMember;
struct JsonValue {
  enum class Kind { kNull, kBool, kNumber, kString, kArray, kObject, kVariable };
  Kind kind = Kind::kNull;
  std::string text;                 // number literal, string contents, or `${…}`
  bool bool_value = false;          // kBool
  std::vector<JsonValue> items;     // kArray
  std::vector<JsonMember> members;  // kObject, in source order
  SourceSpan span;

  const JsonValue* Find(const std::string& key) const;
};
struct JsonMember {
  std::string key;
  SourceSpan key_span;
  JsonValue value;
};

// ---- Statements ---------------------------------------------------------------------------

// SOURCE name TYPE connector PARAMS json ;
// SOURCE name FROM "connection" [OPTIONS json] ;
struct SourceStmt {
  Identifier name;
  std::optional<Identifier> connector_type;  // TYPE form (as written, e.g. CSV)
  std::optional<StringLiteral> connection;   // FROM form
  JsonValue params;                          // PARAMS or OPTIONS; an empty object when absent
};

enum class WriteMode { kReplace, kAppend, kMerge, kIncremental };
const char* ToString(WriteMode mode);

// The MODE clause of LOAD and CREATE TABLE.
struct ModeClause {
  WriteMode mode = WriteMode::kReplace;
  bool is_explicit = false;      // false when no MODE was written
  std::string keyword;           // as written: REPLACE, APPEND, MERGE, UPSERT, INCREMENTAL
  std::vector<Identifier> keys;  // MERGE/UPSERT keys
  std::optional<Identifier> incremental_column;               // INCREMENTAL BY col
  std::optional<std::pair<long long, std::string>> lookback;  // LOOKBACK 2 DAYS -> {2, "DAY"}
  SourceSpan span;
};

// LOAD table FROM source [MODE …] ;
struct LoadStmt {
  QualifiedName table;
  Identifier source;
  ModeClause mode;
};

// CREATE [OR REPLACE] TABLE table [MODE …] AS query ;
struct CreateTableStmt {
  bool or_replace = false;
  QualifiedName table;
  ModeClause mode;
  SqlText query;
};

// EXPORT (query | table) TO 'dest' TYPE format [OPTIONS json] ;
struct ExportStmt {
  std::optional<SqlText> query;        // query form
  std::optional<QualifiedName> table;  // table form
  StringLiteral destination;
  Identifier format;
  JsonValue options;  // an empty object when absent
};

// SET name = value ;   value: string, number, true/false or ${…}
struct SetStmt {
  Identifier name;
  enum class ValueKind { kString, kNumber, kBool, kVariable };
  ValueKind value_kind = ValueKind::kString;
  std::string value;  // string contents, number text, "true"/"false", or the whole ${…}
  SourceSpan value_span;
};

// INCLUDE 'path' [AS alias] ;
struct IncludeStmt {
  StringLiteral path;
  std::optional<Identifier> alias;
};

// Any other SQL statement, run as written.
struct SqlStmt {
  SqlText sql;
};

struct Statement;
// IF cond THEN … { ELSEIF|ELSE IF cond THEN … } [ELSE …] END IF|ENDIF ;
struct IfBranch {
  SqlText condition;  // raw text between IF/ELSEIF and THEN; evaluated by the planner
  std::vector<Statement> body;
};
struct IfStmt {
  std::vector<IfBranch> branches;  // IF, then each ELSEIF, in order
  std::optional<std::vector<Statement>> else_body;
};

using StatementNode = std::variant<SourceStmt, LoadStmt, CreateTableStmt, ExportStmt, SetStmt,
                                   IncludeStmt, IfStmt, SqlStmt>;

struct Statement {
  StatementNode node;
  SourceSpan span;  // from the first keyword up to and including `;`
};

// One parsed file.
struct PipelineAst {
  std::string file;  // the name used in spans
  std::vector<Statement> statements;
};

}  // namespace sqlflow
