#include "cli/sample_project.h"

#include <algorithm>
#include <cassert>

#include "cli/sample_data.h"
#include "engine/connection.h"

namespace sqlflow {

namespace {

constexpr const char* kDevProfile =
    R"(# Development (the default profile): an in-memory database, so every run starts afresh.
engines:
  duckdb:
    mode: memory
variables:
  data_dir: data
  env: dev
execution:
  max_parallel: 2
  failure_policy: fail_fast
log_level: info
)";

constexpr const char* kProdProfile =
    R"(# Production: a persistent database, so tables and load state survive between runs.
# Use it with --profile prod.
engines:
  duckdb:
    mode: persistent
    path: target/prod.duckdb
    memory_limit: 2GB
variables:
  data_dir: data
  env: prod
execution:
  max_parallel: 4
  failure_policy: fail_fast
  retries: 0
log_level: info
)";

constexpr const char* kDailySalesPipeline =
    R"(-- Daily sales: load orders, customers and products, join them, export revenue per day.
--   sqlflow run daily_sales                  CSV export (profile dev)
--   sqlflow run daily_sales --profile prod   Parquet export, tables kept in target/prod.duckdb

-- Sources: CSV files and a Parquet file; ${data_dir} comes from the profile.
SOURCE customers_src TYPE CSV PARAMS {"path": "${data_dir}/customers.csv", "has_header": true};
SOURCE products_src TYPE PARQUET PARAMS {"path": "${data_dir}/products.parquet"};
SOURCE orders_src TYPE CSV PARAMS {"path": "${data_dir}/orders.csv", "has_header": true};
SOURCE order_updates_src TYPE CSV PARAMS {
  "path": "${data_dir}/orders_update.csv",
  "has_header": true,
};

-- REPLACE (the default): the table holds exactly the source's rows afterwards.
LOAD customers FROM customers_src;
LOAD products FROM products_src MODE REPLACE;
LOAD orders FROM orders_src MODE REPLACE;

-- MERGE: the update file changes the status of some orders and adds new ones.
LOAD orders FROM order_updates_src MODE MERGE KEY order_id;

-- APPEND: every version of every order, as first loaded and as updated.
LOAD order_history FROM orders_src;
LOAD order_history FROM order_updates_src MODE APPEND;

-- A transform with a CTE: revenue per day and category, returned orders left out.
CREATE TABLE daily_sales AS
WITH order_lines AS (
  SELECT o.order_date, p.category, c.country, o.quantity, o.amount
  FROM orders o
  JOIN customers c ON c.customer_id = o.customer_id
  JOIN products p ON p.product_id = o.product_id
  WHERE o.status <> 'returned'
)
SELECT order_date, category, count(*) AS orders, sum(quantity) AS units,
       round(sum(amount), 2) AS revenue
FROM order_lines
GROUP BY order_date, category;

-- Orders per status, and how many of them the update file changed.
CREATE TABLE order_status AS
SELECT o.status, count(*) AS orders, count(*) FILTER (WHERE h.versions > 1) AS changed
FROM orders o
JOIN (SELECT order_id, count(*) AS versions FROM order_history GROUP BY order_id) h
  ON h.order_id = o.order_id
GROUP BY o.status;

-- The conditional is decided when the pipeline is planned, from the profile's `env`.
IF ${env|dev} == 'prod' THEN
  EXPORT daily_sales TO 'output/daily_sales.parquet' TYPE PARQUET;
ELSE
  EXPORT SELECT * FROM daily_sales ORDER BY order_date, category
    TO 'output/daily_sales.csv' TYPE CSV OPTIONS {"header": true};
END IF;

EXPORT SELECT * FROM order_status ORDER BY orders DESC
  TO 'output/order_status.csv' TYPE CSV OPTIONS {"header": true};

EXPORT SELECT p.sku, p.name, p.category, sum(o.quantity) AS units, sum(o.amount) AS revenue
  FROM orders o JOIN products p ON p.product_id = o.product_id
  WHERE o.status <> 'returned'
  GROUP BY ALL ORDER BY revenue DESC LIMIT 20
  TO 'output/top_products.parquet' TYPE PARQUET;
)";

constexpr const char* kCustomersPipeline =
    R"(-- Customers: a customer table kept current with UPSERT, lifetime figures merged by key, and
-- exports for the CRM (JSON) and a country report (CSV). With --profile prod the tables live
-- on between runs: rerun after new data arrives and changed rows are updated in place.

SOURCE customers_src TYPE CSV PARAMS {"path": "${data_dir}/customers.csv", "has_header": true};
SOURCE orders_src TYPE CSV PARAMS {"path": "${data_dir}/orders.csv", "has_header": true};

SET min_orders = 1;

-- UPSERT (a synonym of MERGE): changed customers are updated, new ones inserted.
LOAD customers FROM customers_src MODE UPSERT KEY customer_id;
LOAD orders FROM orders_src;

-- MERGE on a CREATE: one row per customer, updated in place.
CREATE TABLE customer_stats MODE MERGE KEY customer_id AS
WITH per_customer AS (
  SELECT customer_id, count(*) AS orders, sum(amount) AS revenue,
         min(order_date) AS first_order, max(order_date) AS last_order
  FROM orders
  WHERE status <> 'returned'
  GROUP BY customer_id
)
SELECT c.customer_id, c.name, c.email, c.country, c.segment,
       p.orders, round(p.revenue, 2) AS revenue, p.first_order, p.last_order
FROM customers c
JOIN per_customer p ON p.customer_id = c.customer_id
WHERE p.orders >= ${min_orders};

-- A composite key: one row per country and segment.
CREATE TABLE customers_by_segment MODE MERGE KEY (country, segment) AS
SELECT country, segment, count(*) AS customers
FROM customers
GROUP BY country, segment;

EXPORT SELECT * FROM customer_stats ORDER BY revenue DESC, customer_id
  TO 'output/customer_stats.json' TYPE JSON;
EXPORT SELECT * FROM customers_by_segment ORDER BY country, segment
  TO 'output/customers_by_segment.csv' TYPE CSV OPTIONS {"header": true};
)";

constexpr const char* kMinimalPipeline =
    R"(-- Daily sales from one CSV file: ingest, transform, export.
-- Run it with `sqlflow run daily_sales`; the result is in output/daily_sales.csv.

SOURCE orders_src TYPE CSV PARAMS {"path": "${data_dir}/orders.csv", "has_header": true};

LOAD orders FROM orders_src;

CREATE TABLE daily_sales AS
SELECT order_date, count(*) AS orders, sum(quantity) AS units, sum(amount) AS revenue
FROM orders
GROUP BY order_date;

EXPORT SELECT * FROM daily_sales ORDER BY order_date
  TO 'output/daily_sales.csv' TYPE CSV OPTIONS {"header": true};
)";

constexpr const char* kMinimalOrders = R"(order_id,customer_id,product_id,order_date,quantity,amount
1,101,7,2024-03-01,1,24.99
2,102,3,2024-03-01,2,31.98
3,103,7,2024-03-01,1,24.99
4,101,12,2024-03-02,3,44.97
5,104,3,2024-03-02,1,15.99
6,105,9,2024-03-02,1,89.00
7,102,7,2024-03-03,2,49.98
8,106,12,2024-03-03,1,14.99
9,103,9,2024-03-03,1,89.00
10,107,3,2024-03-03,4,63.96
)";

constexpr const char* kGitignore = "target/\noutput/*\n!output/.gitkeep\n";

std::string FullReadme(const std::string& name) {
  return "# " + name + R"(

A SQLFlow project created by `sqlflow init`: an online shop's customers, products and orders
(generated sample data), loaded, transformed and exported by two pipelines.

    sqlflow validate                      check every pipeline; writes nothing
    sqlflow compile daily_sales           show the plan: steps and what each depends on
    sqlflow run daily_sales               run it with profiles/dev.yml (an in-memory database)
    sqlflow run customers --profile prod  run it with profiles/prod.yml (target/prod.duckdb)

- `pipelines/daily_sales.sf`: CSV and Parquet sources; LOAD in REPLACE, APPEND and MERGE mode;
  a transform with a CTE; an `IF` on the profile's `env` choosing the export format.
- `pipelines/customers.sf`: UPSERT, `CREATE TABLE … MODE MERGE KEY`, JSON and CSV exports.
- `data/`: customers.csv (1,000 rows), products.csv and products.parquet (500), orders.csv
  (5,000 orders in 2024) and orders_update.csv (changed and new orders, for the MERGE).
- `output/`: where the exports go. `target/`: generated; safe to delete.
- `python_udfs/`: Python functions usable from SQL.
)";
}

std::string MinimalReadme(const std::string& name) {
  return "# " + name + R"(

A minimal SQLFlow project created by `sqlflow init --minimal`.

    sqlflow validate           check the pipeline; writes nothing
    sqlflow run daily_sales    load data/orders.csv, sum it per day, write output/daily_sales.csv
)";
}

std::string LastPathPart(std::string path) {
  while (path.size() > 1 && path.back() == '/') path.pop_back();
  size_t slash = path.rfind('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

std::string SqlString(const std::string& text) {
  std::string out = "'";
  for (char c : text) {
    out += c;
    if (c == '\'') out += '\'';
  }
  return out + "'";
}

// Writes the products as Parquet from the CSV file just written, with the intended types
// (unit_price a DECIMAL) instead of whatever a sniffer would guess.
Status WriteProductsParquet(const std::string& dir, Connection& duckdb) {
  std::string csv = dir + "/data/products.csv";
  std::string parquet = dir + "/data/products.parquet";
  std::string sql = "COPY (SELECT * FROM read_csv(" + SqlString(csv) +
                    ", header = true, columns = {'product_id': 'INTEGER', 'sku': 'VARCHAR', "
                    "'name': 'VARCHAR', 'category': 'VARCHAR', 'unit_price': 'DECIMAL(10,2)', "
                    "'active': 'BOOLEAN'}) ORDER BY product_id) TO " +
                    SqlString(parquet) + " (FORMAT parquet)";
  Status st = duckdb.Execute(sql);
  if (!st.ok()) return Status(st.code(), parquet + ": cannot write: " + st.message());
  return Status::OK();
}

}  // namespace

const char* ToString(ProjectTemplate kind) {
  switch (kind) {
    case ProjectTemplate::kFull:
      return "full";
    case ProjectTemplate::kMinimal:
      return "minimal";
  }
  return "?";
}

std::vector<SampleFile> SampleProjectFiles(ProjectTemplate kind, const std::string& project_name) {
  if (kind == ProjectTemplate::kMinimal) {
    return {
        {"README.md", "what is here and how to run it", MinimalReadme(project_name)},
        {".gitignore", "", kGitignore},
        {"profiles/dev.yml", "the default profile: an in-memory database", kDevProfile},
        {"pipelines/daily_sales.sf", "load, transform, export", kMinimalPipeline},
        {"data/orders.csv", "10 orders", kMinimalOrders},
        {"output/.gitkeep", "where exports go", ""},
    };
  }
  SampleFiles data = GenerateSampleFiles();
  return {
      {"README.md", "what is here and how to run it", FullReadme(project_name)},
      {".gitignore", "", kGitignore},
      {"profiles/dev.yml", "the default profile: an in-memory database", kDevProfile},
      {"profiles/prod.yml", "a persistent database in target/prod.duckdb", kProdProfile},
      {"pipelines/daily_sales.sf", "SOURCE, LOAD in every mode, a CTE, IF, exports",
       kDailySalesPipeline},
      {"pipelines/customers.sf", "UPSERT, CREATE … MODE MERGE KEY, JSON export",
       kCustomersPipeline},
      {"data/customers.csv", "1,000 customers", std::move(data.customers_csv)},
      {"data/products.csv", "500 products", std::move(data.products_csv)},
      {"data/orders.csv", "5,000 orders in 2024", std::move(data.orders_csv)},
      {"data/orders_update.csv", "changed and new orders, for the MERGE",
       std::move(data.orders_update_csv)},
      {"python_udfs/.gitkeep", "Python UDFs (none yet)", ""},
      {"output/.gitkeep", "where exports go", ""},
  };
}

Status CheckProjectName(const std::string& name) {
  std::string last = LastPathPart(name);
  if (last.empty() || last == "/") {
    return Status::Invalid("the project name is empty; e.g. sqlflow init my_project");
  }
  bool ok = last != "." && last != ".." && last[0] != '.' && last[0] != '-';
  for (char c : last) {
    bool allowed = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                   c == '_' || c == '-' || c == '.';
    ok = ok && allowed;
  }
  if (ok) return Status::OK();
  return Status::Invalid("'" + name +
                         "' is not a valid project name: use letters, digits, '_', '-' and '.', "
                         "starting with a letter, digit or '_'");
}

Status ProjectDirTakenError(const std::string& name) {
  return Status::Invalid("directory '" + name +
                         "' already exists and is not empty; choose another name");
}

Result<std::vector<SampleFile>> CreateSampleProject(const std::string& dir, ProjectTemplate kind,
                                                    FileSystem& fs, Connection* duckdb) {
  assert((kind == ProjectTemplate::kMinimal || duckdb != nullptr) &&
         "a full sample project needs DuckDB for its Parquet file");
  if (fs.Exists(dir) && !fs.IsDirectory(dir)) {
    return Status::Invalid("'" + dir + "' exists and is not a directory; choose another name");
  }
  std::vector<SampleFile> files = SampleProjectFiles(kind, LastPathPart(dir));
  bool taken = fs.IsDirectory(dir) && !fs.ListFiles(dir, "").empty();
  for (const char* folder : {"pipelines", "profiles", "data", "output", "python_udfs"}) {
    taken = taken || fs.Exists(dir + "/" + folder);
  }
  if (taken) return ProjectDirTakenError(dir);

  for (const SampleFile& file : files) {
    SQLFLOW_RETURN_IF_ERROR(fs.WriteFileAtomic(dir + "/" + file.path, file.contents));
  }
  if (kind == ProjectTemplate::kFull) {
    SQLFLOW_RETURN_IF_ERROR(WriteProductsParquet(dir, *duckdb));
    // Shown right after the CSV file it is made from.
    auto csv = std::find_if(files.begin(), files.end(),
                            [](const SampleFile& f) { return f.path == "data/products.csv"; });
    files.insert(csv + 1, {"data/products.parquet", "the same 500 products as Parquet", ""});
  }
  return files;
}

}  // namespace sqlflow
