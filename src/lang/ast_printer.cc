#include "lang/ast_printer.h"

#include <cstdio>

namespace sqlflow {

namespace {

std::string Quote(const std::string& text, char quote) {
  std::string out(1, quote);
  for (char c : text) {
    out += c;
    if (c == quote) out += c;
  }
  return out + quote;
}

std::string PrintName(const Identifier& id) { return id.quoted ? Quote(id.name, '"') : id.name; }

std::string PrintName(const QualifiedName& name) {
  std::string out;
  for (const Identifier& part : name.parts) out += (out.empty() ? "" : ".") + PrintName(part);
  return out;
}

std::string PrintString(const StringLiteral& s) { return Quote(s.value, '\''); }

// `text` between `quote`s, with backslash, the quote and line breaks and tabs escaped (and, for
// JSON, any other control character as \u00XX).
enum class Controls { kKeep, kEscape };
std::string Escaped(const std::string& text, char quote, Controls controls) {
  std::string out(1, quote);
  for (char c : text) {
    switch (c) {
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (c == quote) {
          out += std::string("\\") + c;
        } else if (controls == Controls::kEscape && static_cast<unsigned char>(c) < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", c);
          out += buf;
        } else {
          out += c;
        }
    }
  }
  return out + quote;
}

std::string PrintSql(const SqlText& sql) { return Escaped(sql.text, '`', Controls::kKeep); }

std::string PrintSpan(const SourceSpan& span) {
  return "@" + std::to_string(span.line) + ":" + std::to_string(span.column);
}

std::string PrintJsonString(const std::string& text) {
  return Escaped(text, '"', Controls::kEscape);
}

std::string PrintMode(const ModeClause& mode) {
  if (!mode.is_explicit) return "";
  std::string out = std::string(" mode=") + ToString(mode.mode);
  if (mode.keyword != ToString(mode.mode)) out += "(" + mode.keyword + ")";
  if (!mode.keys.empty()) {
    out += " keys=(";
    for (size_t i = 0; i < mode.keys.size(); ++i) {
      out += (i > 0 ? ", " : "") + PrintName(mode.keys[i]);
    }
    out += ")";
  }
  if (mode.incremental_column) out += " by=" + PrintName(*mode.incremental_column);
  if (mode.lookback) {
    out += " lookback=" + std::to_string(mode.lookback->first) + " " + mode.lookback->second;
  }
  return out;
}

// The fields of one statement, without indentation or span.
struct FieldPrinter {
  std::string operator()(const SourceStmt& s) const {
    std::string out = "Source " + PrintName(s.name);
    if (s.connector_type) {
      return out + " type=" + PrintName(*s.connector_type) + " params=" + PrintJson(s.params);
    }
    if (s.connection) out += " from=" + PrintString(*s.connection);
    if (!s.params.members.empty()) out += " options=" + PrintJson(s.params);
    return out;
  }
  std::string operator()(const LoadStmt& s) const {
    return "Load " + PrintName(s.table) + " from=" + PrintName(s.source) + PrintMode(s.mode);
  }
  std::string operator()(const CreateTableStmt& s) const {
    return std::string("CreateTable ") + (s.or_replace ? "or_replace " : "") + PrintName(s.table) +
           PrintMode(s.mode) + " query=" + PrintSql(s.query);
  }
  std::string operator()(const ExportStmt& s) const {
    std::string out = "Export";
    if (s.query) out += " query=" + PrintSql(*s.query);
    if (s.table) out += " table=" + PrintName(*s.table);
    out += " to=" + PrintString(s.destination) + " type=" + PrintName(s.format);
    if (!s.options.members.empty()) out += " options=" + PrintJson(s.options);
    return out;
  }
  std::string operator()(const SetStmt& s) const {
    std::string value =
        s.value_kind == SetStmt::ValueKind::kString ? Quote(s.value, '\'') : s.value;
    return "Set " + PrintName(s.name) + "=" + value;
  }
  std::string operator()(const IncludeStmt& s) const {
    return "Include " + PrintString(s.path) + (s.alias ? " as=" + PrintName(*s.alias) : "");
  }
  std::string operator()(const IfStmt&) const { return "If"; }
  std::string operator()(const SqlStmt& s) const { return "Sql " + PrintSql(s.sql); }
};

void PrintBody(const std::vector<Statement>& body, int indent, std::string* out) {
  for (const Statement& s : body) *out += PrintStatement(s, indent);
}

}  // namespace

std::string PrintJson(const JsonValue& value) {
  switch (value.kind) {
    case JsonValue::Kind::kNull:
      return "null";
    case JsonValue::Kind::kBool:
      return value.bool_value ? "true" : "false";
    case JsonValue::Kind::kNumber:
    case JsonValue::Kind::kVariable:
      return value.text;
    case JsonValue::Kind::kString:
      return PrintJsonString(value.text);
    case JsonValue::Kind::kArray: {
      std::string out = "[";
      for (size_t i = 0; i < value.items.size(); ++i) {
        out += (i > 0 ? "," : "") + PrintJson(value.items[i]);
      }
      return out + "]";
    }
    case JsonValue::Kind::kObject: {
      std::string out = "{";
      for (size_t i = 0; i < value.members.size(); ++i) {
        const JsonMember& m = value.members[i];
        out += (i > 0 ? "," : "") + PrintJsonString(m.key) + ":" + PrintJson(m.value);
      }
      return out + "}";
    }
  }
  return "?";
}

std::string PrintStatement(const Statement& statement, int indent) {
  std::string pad(2 * indent, ' ');
  std::string out =
      pad + std::visit(FieldPrinter{}, statement.node) + " " + PrintSpan(statement.span) + "\n";
  const IfStmt* block = std::get_if<IfStmt>(&statement.node);
  if (block == nullptr) return out;
  for (size_t i = 0; i < block->branches.size(); ++i) {
    const IfBranch& branch = block->branches[i];
    out += pad + "  " + (i == 0 ? "if " : "elseif ") + PrintSql(branch.condition) + " " +
           PrintSpan(branch.condition.span) + "\n";
    PrintBody(branch.body, indent + 2, &out);
  }
  if (block->else_body) {
    out += pad + "  else\n";
    PrintBody(*block->else_body, indent + 2, &out);
  }
  return out;
}

std::string PrintAst(const PipelineAst& ast) {
  std::string out;
  PrintBody(ast.statements, 0, &out);
  return out;
}

}  // namespace sqlflow
