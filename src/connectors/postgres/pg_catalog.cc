#include "connectors/postgres/pg_catalog.h"

#include <algorithm>
#include <set>

#include "common/edit_distance.h"
#include "common/strings.h"

namespace sqlflow {

namespace {

constexpr char kRelationKinds[] = "('r','v','m','p','f')";

Result<std::vector<std::string>> Names(PgConnection& conn, const std::string& sql,
                                       const std::vector<std::string>& params) {
  SQLFLOW_ASSIGN_OR_RETURN(PgResult res, conn.Query(sql, params));
  std::vector<std::string> names;
  for (int r = 0; r < res.rows(); ++r) names.emplace_back(res.Get(r, 0));
  return names;
}

// "; did you mean 'orders'? Check …" or "; check …": a suggestion, then what to do.
std::string SuggestThen(const std::string& word, const std::vector<std::string>& candidates,
                        const std::string& next_step) {
  std::optional<std::string> near = SuggestClosest(word, candidates);
  if (!near) return "; check " + next_step;
  return "; did you mean '" + *near + "'? Check " + next_step;
}

// The NotFound error for a missing relation, with a suggestion.
Status MissingRelation(PgConnection& conn, const std::string& schema, const std::string& table) {
  SQLFLOW_ASSIGN_OR_RETURN(
      std::vector<std::string> schemas,
      Names(conn,
            "SELECT nspname FROM pg_namespace WHERE nspname NOT LIKE 'pg\\_%' AND "
            "nspname <> 'information_schema'",
            {}));
  if (std::find(schemas.begin(), schemas.end(), schema) == schemas.end()) {
    return Status::NotFound("schema '" + schema + "' does not exist" +
                            SuggestThen(schema, schemas, "the schema param"));
  }
  SQLFLOW_ASSIGN_OR_RETURN(
      std::vector<std::string> tables,
      Names(conn,
            std::string("SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = "
                        "c.relnamespace WHERE n.nspname = $1 AND c.relkind IN ") +
                kRelationKinds,
            {schema}));
  return Status::NotFound("table " + schema + "." + table + " does not exist" +
                          SuggestThen(table, tables, "the table and schema params"));
}

}  // namespace

Result<PgRelation> FindRelation(PgConnection& conn, const std::string& schema,
                                const std::string& table) {
  SQLFLOW_ASSIGN_OR_RETURN(
      PgResult res,
      conn.Query(std::string("SELECT c.oid, n.nspname, c.relname, c.relkind FROM pg_class c "
                             "JOIN pg_namespace n ON n.oid = c.relnamespace "
                             "WHERE lower(n.nspname) = lower($1) AND lower(c.relname) = "
                             "lower($2) AND c.relkind IN ") +
                     kRelationKinds + " ORDER BY (n.nspname = $1 AND c.relname = $2) DESC",
                 {schema, table}));
  bool exact = res.rows() > 0 && res.Get(0, 1) == schema && res.Get(0, 2) == table;
  if (res.rows() == 0 || (!exact && res.rows() > 1)) return MissingRelation(conn, schema, table);
  PgRelation rel;
  rel.oid = static_cast<uint32_t>(std::stoul(std::string(res.Get(0, 0))));
  rel.schema = std::string(res.Get(0, 1));
  rel.name = std::string(res.Get(0, 2));
  rel.kind = res.Get(0, 3).empty() ? 'r' : res.Get(0, 3)[0];
  return rel;
}

Result<std::vector<PgColumn>> ReadTableColumns(PgConnection& conn, uint32_t oid) {
  SQLFLOW_ASSIGN_OR_RETURN(
      PgResult res,
      conn.Query("SELECT attname, atttypid, atttypmod, attnotnull, "
                 "format_type(atttypid, atttypmod) FROM pg_attribute "
                 "WHERE attrelid = $1::oid AND attnum > 0 AND NOT attisdropped ORDER BY attnum",
                 {std::to_string(oid)}));
  std::vector<PgColumn> columns;
  for (int r = 0; r < res.rows(); ++r) {
    PgColumn c;
    c.name = std::string(res.Get(r, 0));
    c.type_oid = static_cast<uint32_t>(std::stoul(std::string(res.Get(r, 1))));
    c.typmod = std::stoi(std::string(res.Get(r, 2)));
    c.not_null = res.Get(r, 3) == "t";
    c.type_text = std::string(res.Get(r, 4));
    columns.push_back(std::move(c));
  }
  return columns;
}

Result<std::vector<PgColumn>> DescribeQueryColumns(PgConnection& conn, const std::string& query) {
  SQLFLOW_ASSIGN_OR_RETURN(PgResult described, conn.DescribeQuery(query));
  std::vector<PgColumn> columns;
  std::string oids, typmods;
  for (int c = 0; c < described.columns(); ++c) {
    PgColumn col;
    col.name = described.ColumnName(c);
    col.type_oid = described.ColumnTypeOid(c);
    col.typmod = described.ColumnTypmod(c);
    columns.push_back(std::move(col));
    oids += (c ? "," : "") + std::to_string(columns.back().type_oid);
    typmods += (c ? "," : "") + std::to_string(columns.back().typmod);
  }
  if (columns.empty()) return columns;
  SQLFLOW_ASSIGN_OR_RETURN(
      PgResult texts,
      conn.Query("SELECT format_type(o, m) FROM unnest($1::oid[], $2::int[]) WITH ORDINALITY "
                 "AS t(o, m, i) ORDER BY i",
                 {"{" + oids + "}", "{" + typmods + "}"}));
  for (int r = 0; r < texts.rows() && r < static_cast<int>(columns.size()); ++r) {
    columns[r].type_text = std::string(texts.Get(r, 0));
  }
  return columns;
}

Result<PgTypeCatalog> LoadTypes(PgConnection& conn, const std::vector<PgColumn>& columns) {
  PgTypeCatalog types;
  std::set<uint32_t> wanted;
  for (const PgColumn& c : columns) wanted.insert(c.type_oid);
  // Array elements and domain bases refer to further types: a few rounds reach them all.
  for (int round = 0; round < 4 && !wanted.empty(); ++round) {
    std::string list;
    for (uint32_t oid : wanted) list += (list.empty() ? "" : ",") + std::to_string(oid);
    SQLFLOW_ASSIGN_OR_RETURN(
        PgResult res,
        conn.Query("SELECT oid, typname, typtype, typcategory, typelem, typbasetype, typtypmod "
                   "FROM pg_type WHERE oid = ANY($1::oid[])",
                   {"{" + list + "}"}));
    wanted.clear();
    for (int r = 0; r < res.rows(); ++r) {
      uint32_t oid = static_cast<uint32_t>(std::stoul(std::string(res.Get(r, 0))));
      PgTypeRow row;
      row.name = std::string(res.Get(r, 1));
      row.typtype = res.Get(r, 2).empty() ? 'b' : res.Get(r, 2)[0];
      row.category = res.Get(r, 3).empty() ? 'U' : res.Get(r, 3)[0];
      row.element_oid = static_cast<uint32_t>(std::stoul(std::string(res.Get(r, 4))));
      row.base_oid = static_cast<uint32_t>(std::stoul(std::string(res.Get(r, 5))));
      row.base_typmod = std::stoi(std::string(res.Get(r, 6)));
      for (uint32_t next : {row.element_oid, row.base_oid}) {
        if (next != 0 && !types.count(next)) wanted.insert(next);
      }
      types[oid] = std::move(row);
    }
    for (auto it = wanted.begin(); it != wanted.end();) {
      it = types.count(*it) ? wanted.erase(it) : std::next(it);
    }
  }
  return types;
}

Result<std::map<std::string, double>> ReadDistinctShares(PgConnection& conn,
                                                         const PgRelation& relation) {
  // A table with inheritance children has two rows per column (inherited or not): the larger
  // share is kept.
  SQLFLOW_ASSIGN_OR_RETURN(
      PgResult res,
      conn.Query("SELECT s.attname, max(CASE WHEN s.n_distinct < 0 THEN -s.n_distinct "
                 "WHEN c.reltuples > 0 THEN least(1, s.n_distinct / c.reltuples) END) "
                 "FROM pg_stats s JOIN pg_class c ON c.oid = $1::oid "
                 "WHERE s.schemaname = $2 AND s.tablename = $3 GROUP BY s.attname",
                 {std::to_string(relation.oid), relation.schema, relation.name}));
  std::map<std::string, double> shares;
  for (int r = 0; r < res.rows(); ++r) {
    if (res.IsNull(r, 1)) continue;
    shares[std::string(res.Get(r, 0))] = std::stod(std::string(res.Get(r, 1)));
  }
  return shares;
}

Result<std::vector<std::vector<std::string>>> ReadUniqueKeys(PgConnection& conn, uint32_t oid) {
  // Only the first indnkeyatts columns of indkey are the key; INCLUDE columns follow them.
  SQLFLOW_ASSIGN_OR_RETURN(
      PgResult res,
      conn.Query("SELECT i.indexrelid, a.attname FROM pg_index i "
                 "JOIN pg_class c ON c.oid = i.indrelid "
                 "CROSS JOIN unnest(i.indkey::int2[]) WITH ORDINALITY AS k(attnum, n) "
                 "JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum "
                 "WHERE i.indrelid = $1::oid AND i.indisunique AND i.indisvalid "
                 "AND i.indpred IS NULL AND i.indexprs IS NULL AND k.n <= i.indnkeyatts "
                 "AND (c.relkind = 'p' OR NOT c.relhassubclass) ORDER BY i.indexrelid, k.n",
                 {std::to_string(oid)}));
  std::vector<std::vector<std::string>> keys;
  std::string_view index;
  for (int r = 0; r < res.rows(); ++r) {
    if (keys.empty() || res.Get(r, 0) != index) keys.emplace_back();
    index = res.Get(r, 0);
    keys.back().emplace_back(res.Get(r, 1));
  }
  return keys;
}

Result<int64_t> RelationPages(PgConnection& conn, uint32_t oid) {
  SQLFLOW_ASSIGN_OR_RETURN(
      PgResult res,
      conn.Query("SELECT pg_relation_size($1::oid) / current_setting('block_size')::bigint",
                 {std::to_string(oid)}));
  return static_cast<int64_t>(std::stoll(std::string(res.Get(0, 0))));
}

std::string ExplainPgError(const PgError& error, const std::string& where,
                           const std::string& user) {
  const std::string& code = error.sqlstate;
  if (error.connection_lost) {
    return where + ": the connection to the server was lost while reading rows (" + error.message +
           "); the read is incomplete and nothing was loaded — run again once the server is "
           "back";
  }
  if (code == "57014") return where + ": the read was cancelled (" + error.message + ")";
  if (code == "42501") {
    return where + ": " + error.message + " (" + user +
           "); grant SELECT on it to this user, or connect as a user that has it";
  }
  auto sentence = [](const std::string& s) {
    std::string line = FirstLine(s);
    while (!line.empty() && line.back() == '.') line.pop_back();
    return line;
  };
  std::string text = where + ": " + error.message;
  if (!error.detail.empty()) text += " (" + sentence(error.detail) + ")";
  if (!error.hint.empty()) text += "; PostgreSQL hints: " + sentence(error.hint);
  if (code == "42703" || code == "42P01" || code.starts_with("42")) {
    text += "; fix the query param";
  }
  return text;
}

}  // namespace sqlflow
