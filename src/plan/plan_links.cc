// PlanBuilder: loads find their sources, steps are linked by the tables they read and write
// (SPEC §3.1), unknown tables are reported, and the steps are put in executable order.
#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>

#include "common/edit_distance.h"
#include "plan/dag.h"
#include "plan/plan_builder.h"

namespace sqlflow {

namespace {

// The start of a statement, for diagnostics about the statement as a whole (one caret rather
// than a line of tildes under all of it).
SourceSpan StartOf(SourceSpan span) {
  span.length = 1;
  return span;
}

std::vector<std::string> Keys(const std::map<std::string, size_t>& m) {
  std::vector<std::string> out;
  for (const auto& [k, v] : m) out.push_back(k);
  return out;
}

// primary_key as a list of column names ("id" or ["a", "b"]).
std::vector<std::string> PrimaryKey(const std::string& params_json) {
  auto params = nlohmann::json::parse(params_json, nullptr, false);
  std::vector<std::string> out;
  if (!params.is_object() || !params.contains("primary_key")) return out;
  const auto& pk = params["primary_key"];
  if (pk.is_string()) out.push_back(pk.get<std::string>());
  if (pk.is_array()) {
    for (const auto& k : pk) {
      if (k.is_string()) out.push_back(k.get<std::string>());
    }
  }
  return out;
}

}  // namespace

void PlanBuilder::ResolveLoads() {
  for (const auto& [index, load] : loads_) {
    Step& step = steps_[index];
    auto source = sources_.find(TableKey(load->source.name));
    if (source == sources_.end()) {
      auto near = SuggestClosest(TableKey(load->source.name), Keys(sources_));
      diags_.Error(load->source.span, "unknown source '" + load->source.name + "'",
                   near ? "did you mean '" + steps_[sources_[*near]].source_name + "'?"
                        : "define it first: SOURCE " + load->source.name +
                              " TYPE CSV PARAMS {\"path\": \"…\"};");
      continue;
    }
    const Step& src = steps_[source->second];
    if (!src.incremental) continue;
    // A SaaS stream the API cannot filter is read in full, whatever the SOURCE's sync_mode.
    const ConnectorSpec* spec = deps_.catalog->FindSource(src.connector_type);
    if (spec != nullptr && spec->stream_has_cursor &&
        !spec->stream_has_cursor(src.params_json, step.target_name)) {
      diags_.Warning(StartOf(step.span),
                     "LOAD " + step.target_table + " reads its stream of incremental SOURCE '" +
                         src.source_name + "' in full: the API cannot filter it by a cursor");
      continue;
    }
    step.incremental = true;
    if (load->mode.is_explicit && load->mode.mode == WriteMode::kReplace) {
      diags_.Error(load->mode.span,
                   "LOAD " + step.target_table + " MODE REPLACE cannot read incremental source '" +
                       src.source_name + "'",
                   "use MODE APPEND or MERGE KEY (…), or set \"sync_mode\": \"full_refresh\"");
      continue;
    }
    if (!load->mode.is_explicit) {
      step.keys = PrimaryKey(src.params_json);
      // A SaaS stream's own key (orders: id) when the params name none.
      if (step.keys.empty() && spec != nullptr && spec->stream_keys) {
        step.keys = spec->stream_keys(src.params_json, step.target_name);
      }
      step.mode = step.keys.empty() ? WriteMode::kAppend : WriteMode::kMerge;
    }
  }
}

void PlanBuilder::LinkSteps() {
  size_t n = steps_.size();
  edges_.assign(n, {});
  std::map<std::string, std::vector<size_t>> writers;
  for (size_t i = 0; i < n; ++i) {
    for (const std::string& w : steps_[i].writes) writers[w].push_back(i);
  }
  auto link = [&](size_t from, size_t to) {
    if (from != to) edges_[to].insert(from);
  };
  auto last_writer_before = [&](const std::string& table, size_t i) -> std::optional<size_t> {
    auto it = writers.find(table);
    if (it == writers.end()) return std::nullopt;
    std::optional<size_t> found;
    for (size_t w : it->second) {
      if (w < i) found = w;
    }
    return found;
  };
  // readers_since[t]: readers of t after its latest writer so far (they must finish before the
  // next writer replaces what they read).
  std::map<std::string, std::vector<size_t>> readers_since;
  std::optional<size_t> barrier;
  for (size_t i = 0; i < n; ++i) {
    Step& step = steps_[i];
    if (step.barrier) {
      // After every earlier step: linking the ones nothing later depends on yet is enough.
      std::vector<bool> has_successor(i, false);
      for (size_t k = 0; k < i; ++k) {
        for (size_t pred : edges_[k]) has_successor[pred] = true;
      }
      for (size_t j = 0; j < i; ++j) {
        if (!has_successor[j]) link(j, i);
      }
      barrier = i;
    } else if (barrier) {
      link(*barrier, i);
    }
    for (const std::string& r : step.reads) {
      auto all = writers.find(r);
      if (all == writers.end()) continue;
      std::optional<size_t> read_from;
      if (auto prior = last_writer_before(r, i)) {
        read_from = prior;
        readers_since[r].push_back(i);
      } else if (all->second.back() != i) {
        read_from = all->second.back();  // read before any writer: read the final table
      }
      if (!read_from) continue;
      link(*read_from, i);
      if (steps_[*read_from].kind == StepKind::kSource) step.sources_read.push_back(r);
    }
    if (step.barrier) {
      // Its tables are unknown: it may read any source not yet hidden by a table of its name.
      for (const auto& [table, indexes] : writers) {
        auto prior = last_writer_before(table, i);
        if (prior && steps_[*prior].kind == StepKind::kSource) step.sources_read.push_back(table);
      }
    }
    for (const std::string& w : step.writes) {
      if (auto prior = last_writer_before(w, i)) link(*prior, i);
      for (size_t reader : readers_since[w]) link(reader, i);
      readers_since[w].clear();
    }
  }
}

void PlanBuilder::CheckUnknownTables() {
  std::map<std::string, size_t> written;
  for (size_t i = 0; i < steps_.size(); ++i) {
    for (const std::string& w : steps_[i].writes) written.emplace(w, i);
  }
  std::vector<std::string> known = Keys(written);
  std::set<std::string> warned;
  for (const Step& step : steps_) {
    if (step.kind == StepKind::kLoad) continue;  // its source was checked by ResolveLoads
    for (const std::string& r : step.reads) {
      if (written.count(r) > 0 || !warned.insert(r).second) continue;
      if (auto near = SuggestClosest(r, known)) {
        diags_.Error(StartOf(step.span), "unknown table '" + r + "'",
                     "did you mean '" + *near + "'?");
      } else {
        diags_.Warning(StartOf(step.span),
                       "table '" + r +
                           "' is not created by this pipeline; assuming it exists "
                           "in the database");
      }
    }
  }
}

void PlanBuilder::OrderSteps() {
  Dag dag(steps_.size());
  for (size_t to = 0; to < steps_.size(); ++to) {
    for (size_t from : edges_[to]) dag.AddEdge(from, to);
  }
  auto order = dag.TopologicalOrder();
  if (!order) {
    std::vector<size_t> cycle = dag.FindCycle();
    std::string path;
    for (size_t k = 0; k < cycle.size(); ++k) path += (k ? " -> " : "") + steps_[cycle[k]].id;
    diags_.Error(StartOf(steps_[cycle.front()].span), "dependency cycle: " + path,
                 "each of these steps reads a table another one writes; break the loop");
    return;
  }
  std::vector<Step> ordered;
  for (size_t index : *order) {
    Step step = steps_[index];
    for (size_t from : dag.predecessors(index)) {
      step.depends_on.push_back(steps_[from].id);
    }
    ordered.push_back(std::move(step));
  }
  steps_ = std::move(ordered);
}

}  // namespace sqlflow
