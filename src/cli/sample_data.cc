#include "cli/sample_data.h"

#include <algorithm>
#include <cassert>
#include <cstdio>

#include "common/strings.h"

namespace sqlflow {

uint64_t SplitMix64::Next() {
  uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

uint64_t SplitMix64::Below(uint64_t n) {
  assert(n > 0 && "SplitMix64::Below needs a positive bound");
  return Next() % n;  // the bias is far below anything sample data could show
}

int64_t SplitMix64::Between(int64_t lo, int64_t hi) {
  assert(lo <= hi && "SplitMix64::Between needs lo <= hi");
  return lo + static_cast<int64_t>(Below(static_cast<uint64_t>(hi - lo) + 1));
}

bool SplitMix64::Percent(int percent) { return static_cast<int>(Below(100)) < percent; }

size_t SplitMix64::Weighted(const std::vector<int>& weights) {
  int total = 0;
  for (int w : weights) total += w;
  int pick = static_cast<int>(Below(static_cast<uint64_t>(total)));
  for (size_t i = 0; i < weights.size(); ++i) {
    if (pick < weights[i]) return i;
    pick -= weights[i];
  }
  return weights.size() - 1;
}

std::string QuoteCsvField(std::string_view field) {
  bool needs_quotes = field.find_first_of(",\"\r\n") != std::string_view::npos ||
                      (!field.empty() && (field.front() == ' ' || field.back() == ' '));
  if (!needs_quotes) return std::string(field);
  std::string out = "\"";
  for (char c : field) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
  return out;
}

std::string FormatCsvRow(const std::vector<std::string>& fields) {
  std::string out;
  for (size_t i = 0; i < fields.size(); ++i) {
    if (i > 0) out += ',';
    out += QuoteCsvField(fields[i]);
  }
  out += '\n';
  return out;
}

namespace {

// Fixed seeds, one per file, so that changing one generator leaves the other files as they are.
constexpr uint64_t kCustomerSeed = 0x5eed0001;
constexpr uint64_t kProductSeed = 0x5eed0002;
constexpr uint64_t kOrderSeed = 0x5eed0003;
constexpr uint64_t kUpdateSeed = 0x5eed0004;

// Days count from 2023-01-01 (day 0); 2024-01-01 is day 365, 2024-12-31 day 730.
constexpr int kFirstDayOf2024 = 365;
constexpr int kLastDayOf2024 = 730;

bool IsLeapYear(int year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

struct CalendarDate {
  int year, month, day;
};

CalendarDate DateOfDay(int day) {
  static constexpr int kMonthDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  int year = 2023;
  while (day >= (IsLeapYear(year) ? 366 : 365)) day -= IsLeapYear(year++) ? 366 : 365;
  int month = 0;
  for (;; ++month) {
    int length = kMonthDays[month] + (month == 1 && IsLeapYear(year) ? 1 : 0);
    if (day < length) break;
    day -= length;
  }
  return {year, month + 1, day + 1};
}

std::string FormatDay(int day) {
  CalendarDate d = DateOfDay(day);
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", d.year, d.month, d.day);
  return buf;
}

std::string FormatCents(int64_t cents) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%lld.%02lld", static_cast<long long>(cents / 100),
                static_cast<long long>(cents % 100));
  return buf;
}

template <typename T>
const T& Pick(SplitMix64& rng, const std::vector<T>& items) {
  return items[rng.Below(items.size())];
}

// ---- customers ----

struct FirstName {
  std::string name;
  std::string nickname;    // shown as  Robert "Bob" Smith  now and then; empty when none
  std::string ascii = "";  // for the e-mail address when `name` is not plain ASCII
};

struct LastName {
  std::string name;
  std::string ascii;  // for the e-mail address
};

struct Country {
  std::string code;
  int weight;
  std::vector<std::string> cities;
};

const std::vector<FirstName> kFirstNames = {
    {"James", "Jim"},    {"Mary", ""},           {"Robert", "Bob"},   {"Patricia", "Pat"},
    {"John", "Jack"},    {"Jennifer", "Jen"},    {"Michael", "Mike"}, {"Linda", ""},
    {"William", "Bill"}, {"Elizabeth", "Liz"},   {"David", "Dave"},   {"Barbara", ""},
    {"Richard", "Rick"}, {"Susan", "Sue"},       {"Thomas", "Tom"},   {"Jessica", "Jess"},
    {"Daniel", "Dan"},   {"Sarah", ""},          {"Matthew", "Matt"}, {"Karen", ""},
    {"Anthony", "Tony"}, {"Nancy", ""},          {"Mark", ""},        {"Lisa", ""},
    {"Lukas", ""},       {"Sophie", ""},         {"Emma", ""},        {"Noah", ""},
    {"Hugo", ""},        {"Chloé", "", "chloe"}, {"Mateo", ""},       {"Lucía", "", "lucia"},
    {"Giulia", ""},      {"Leonardo", "Leo"},    {"Yuki", ""},        {"Haruto", ""},
    {"Olivia", "Liv"},   {"Liam", ""},           {"Freya", ""},       {"Oscar", ""},
    {"Ana", ""},         {"Pedro", ""},          {"Ingrid", ""},      {"Lars", ""},
    {"Priya", ""},       {"Arjun", ""},          {"Fatima", ""},      {"Omar", ""},
};

const std::vector<LastName> kLastNames = {
    {"Smith", "smith"},         {"Johnson", "johnson"},     {"Williams", "williams"},
    {"Brown", "brown"},         {"Jones", "jones"},         {"Garcia", "garcia"},
    {"Miller", "miller"},       {"Davis", "davis"},         {"Martinez", "martinez"},
    {"Wilson", "wilson"},       {"Anderson", "anderson"},   {"Taylor", "taylor"},
    {"Thomas", "thomas"},       {"Moore", "moore"},         {"O'Brien", "obrien"},
    {"Müller", "mueller"},      {"Schmidt", "schmidt"},     {"Schneider", "schneider"},
    {"Dubois", "dubois"},       {"Lefèvre", "lefevre"},     {"Rossi", "rossi"},
    {"Bianchi", "bianchi"},     {"Fernández", "fernandez"}, {"López", "lopez"},
    {"de Jong", "dejong"},      {"van Dijk", "vandijk"},    {"Tanaka", "tanaka"},
    {"Suzuki", "suzuki"},       {"Nguyen", "nguyen"},       {"Andersson", "andersson"},
    {"Johansson", "johansson"}, {"Silva", "silva"},         {"Santos", "santos"},
    {"Patel", "patel"},         {"Khan", "khan"},           {"MacDonald", "macdonald"},
};

const std::vector<Country> kCountries = {
    {"US", 30, {"New York", "Chicago", "Austin", "Seattle", "Denver"}},
    {"GB", 10, {"London", "Manchester", "Leeds", "Bristol"}},
    {"DE", 10, {"Berlin", "Munich", "Hamburg", "Cologne"}},
    {"FR", 8, {"Paris", "Lyon", "Marseille", "Toulouse"}},
    {"CA", 7, {"Toronto", "Vancouver", "Montreal"}},
    {"NL", 6, {"Amsterdam", "Rotterdam", "Utrecht"}},
    {"ES", 6, {"Madrid", "Barcelona", "Valencia"}},
    {"IT", 6, {"Milan", "Rome", "Turin"}},
    {"AU", 5, {"Sydney", "Melbourne", "Brisbane"}},
    {"JP", 5, {"Tokyo", "Osaka", "Kyoto"}},
    {"BR", 4, {"São Paulo", "Rio de Janeiro"}},
    {"SE", 3, {"Stockholm", "Gothenburg"}},
};

const std::vector<std::string> kSegments = {"consumer", "small_business", "enterprise"};
const std::vector<int> kSegmentWeights = {70, 22, 8};
const std::vector<std::string> kEmailDomains = {"example.com", "example.org", "example.net"};

// Customers in signup order; returns each one's signup day through `signup_days`.
std::string GenerateCustomers(int count, std::vector<int>& signup_days) {
  SplitMix64 rng(kCustomerSeed);
  signup_days.clear();
  for (int i = 0; i < count; ++i) signup_days.push_back(static_cast<int>(rng.Below(730)));
  std::sort(signup_days.begin(), signup_days.end());
  std::vector<int> country_weights;
  for (const Country& c : kCountries) country_weights.push_back(c.weight);

  std::string out = "customer_id,name,email,country,city,signup_date,segment\n";
  for (int i = 0; i < count; ++i) {
    int id = i + 1;
    const FirstName& first = Pick(rng, kFirstNames);
    const LastName& last = Pick(rng, kLastNames);
    std::string name = first.name + " " + last.name;
    if (!first.nickname.empty() && rng.Percent(6)) {
      name = first.name + " \"" + first.nickname + "\" " + last.name;
    } else if (rng.Percent(2)) {
      name += ", PhD";
    }
    std::string email = ToLowerAscii(!first.nickname.empty() ? first.nickname
                                     : !first.ascii.empty()  ? first.ascii
                                                             : first.name);
    email += "." + last.ascii + std::to_string(id) + "@" + Pick(rng, kEmailDomains);
    const Country& country = kCountries[rng.Weighted(country_weights)];
    const std::string& city = Pick(rng, country.cities);
    const std::string& segment = kSegments[rng.Weighted(kSegmentWeights)];
    out += FormatCsvRow(
        {std::to_string(id), name, email, country.code, city, FormatDay(signup_days[i]), segment});
  }
  return out;
}

// ---- products ----

struct Category {
  std::string name;
  int min_dollars, max_dollars;
  std::vector<std::string> items;
};

const std::vector<Category> kCategories = {
    {"Electronics",
     15,
     400,
     {"27\" Monitor", "USB-C Hub", "Wireless Mouse", "Mechanical Keyboard",
      "Noise-Cancelling Headphones", "Bluetooth Speaker", "Webcam", "Phone Charger", "Smartwatch",
      "E-Reader"}},
    {"Home",
     5,
     120,
     {"Table Lamp", "Throw Blanket", "Coffee Mug", "Cutting Board", "Scented Candle", "Wall Clock",
      "Bath Towel", "Storage Basket", "French Press", "Cushion Cover"}},
    {"Office",
     2,
     60,
     {"Notebook", "Desk Organizer", "Gel Pens", "Stapler", "Monitor Stand", "Sticky Notes",
      "Letter Tray", "Whiteboard", "Desk Mat", "Paper Shredder"}},
    {"Outdoor",
     10,
     300,
     {"Camping Tent", "Hiking Backpack", "Water Bottle", "Sleeping Bag", "Folding Chair",
      "Headlamp", "Picnic Blanket", "Trekking Poles", "Cooler Box", "Hammock"}},
    {"Toys",
     5,
     90,
     {"Building Blocks", "Puzzle, 1000 Pieces", "Plush Bear", "Kite", "Board Game", "Toy Car",
      "Craft Kit", "Yo-Yo", "Dollhouse", "Science Kit"}},
    {"Beauty",
     3,
     70,
     {"Face Cream", "Shampoo", "Lip Balm", "Hair Brush", "Body Lotion", "Perfume", "Nail Polish",
      "Sunscreen SPF 50", "Face Mask", "Beard Oil"}},
};

const std::vector<std::string> kAdjectives = {"Classic",   "Compact", "Deluxe",  "Eco",
                                              "Essential", "Premium", "Pro",     "Slim",
                                              "Travel",    "Ultra",   "Vintage", "Everyday"};

// Products with distinct names; returns each one's price in cents through `prices`.
std::string GenerateProducts(int count, std::vector<int64_t>& prices) {
  SplitMix64 rng(kProductSeed);
  size_t per_category = kAdjectives.size() * kCategories[0].items.size();
  std::vector<size_t> combos(per_category * kCategories.size());
  for (size_t i = 0; i < combos.size(); ++i) combos[i] = i;
  for (size_t i = combos.size() - 1; i > 0; --i) std::swap(combos[i], combos[rng.Below(i + 1)]);
  assert(static_cast<size_t>(count) <= combos.size() && "more products than distinct names");

  prices.clear();
  std::string out = "product_id,sku,name,category,unit_price,active\n";
  for (int i = 0; i < count; ++i) {
    size_t combo = combos[i];
    const Category& category = kCategories[combo / per_category];
    size_t within = combo % per_category;
    std::string name = kAdjectives[within / category.items.size()] + " " +
                       category.items[within % category.items.size()];
    if (rng.Percent(5)) name += ", Pack of 2";
    int64_t dollars = rng.Between(category.min_dollars, category.max_dollars);
    int64_t cents = dollars * 100 - (rng.Percent(70) ? 1 : 51);  // 14.99 or 14.49
    prices.push_back(cents);
    char sku[16];
    std::snprintf(sku, sizeof sku, "SKU-%05d", i + 1);
    bool active = rng.Percent(92);
    out += FormatCsvRow({std::to_string(i + 1), sku, name, category.name, FormatCents(cents),
                         active ? "true" : "false"});
  }
  return out;
}

// ---- orders ----

struct Order {
  int id, customer_id, product_id, day, quantity;
  int64_t amount_cents;
  std::string status;
};

std::string OrderCsvHeader() {
  return "order_id,customer_id,product_id,order_date,quantity,amount,status\n";
}

std::string FormatOrder(const Order& o) {
  return FormatCsvRow({std::to_string(o.id), std::to_string(o.customer_id),
                       std::to_string(o.product_id), FormatDay(o.day), std::to_string(o.quantity),
                       FormatCents(o.amount_cents), o.status});
}

// A customer who had signed up by `day` (ids are in signup order), any one when none had.
int PickCustomer(SplitMix64& rng, const std::vector<int>& signup_days, int day) {
  auto signed_up = std::upper_bound(signup_days.begin(), signup_days.end(), day);
  int64_t eligible = signed_up - signup_days.begin();
  if (eligible == 0) eligible = static_cast<int64_t>(signup_days.size());
  return static_cast<int>(rng.Between(1, eligible));
}

Order MakeOrder(SplitMix64& rng, int id, int day, const std::vector<int>& signup_days,
                const std::vector<int64_t>& prices) {
  static const std::vector<int> kQuantityWeights = {55, 25, 10, 6, 4};  // 1 to 5 items
  Order o;
  o.id = id;
  o.day = day;
  o.customer_id = PickCustomer(rng, signup_days, day);
  // The smaller of two draws: low product ids are the best sellers.
  // (Each draw is its own statement: argument evaluation order is unspecified.)
  uint64_t first = rng.Below(prices.size());
  uint64_t second = rng.Below(prices.size());
  o.product_id = static_cast<int>(std::min(first, second)) + 1;
  o.quantity = static_cast<int>(rng.Weighted(kQuantityWeights)) + 1;
  o.amount_cents = o.quantity * prices[o.product_id - 1];
  return o;
}

// Order days over 2024, in ascending order, busier towards the holidays.
std::vector<int> OrderDays(SplitMix64& rng, int count) {
  static const int kMonthWeights[] = {8, 7, 8, 8, 9, 9, 8, 9, 9, 10, 13, 16};  // of 16
  std::vector<int> days;
  while (static_cast<int>(days.size()) < count) {
    int day = static_cast<int>(rng.Between(kFirstDayOf2024, kLastDayOf2024));
    if (static_cast<int>(rng.Below(16)) < kMonthWeights[DateOfDay(day).month - 1]) {
      days.push_back(day);
    }
  }
  std::sort(days.begin(), days.end());
  return days;
}

std::string StatusOnLastDay(SplitMix64& rng, int day) {
  int age = kLastDayOf2024 - day;
  if (age <= 2) return "placed";
  if (age <= 9) return rng.Percent(20) ? "placed" : "shipped";
  return rng.Percent(5) ? "returned" : "delivered";
}

std::vector<Order> GenerateOrders(int count, const std::vector<int>& signup_days,
                                  const std::vector<int64_t>& prices) {
  SplitMix64 rng(kOrderSeed);
  std::vector<Order> orders;
  std::vector<int> days = OrderDays(rng, count);
  for (int i = 0; i < count; ++i) {
    orders.push_back(MakeOrder(rng, i + 1, days[i], signup_days, prices));
    orders.back().status = StatusOnLastDay(rng, days[i]);
  }
  return orders;
}

// The day after: open orders move on (placed -> shipped -> delivered), some delivered ones come
// back, and new orders arrive on 2025-01-01 and 02.
std::string GenerateOrderUpdates(const SampleSizes& sizes, std::vector<Order> orders,
                                 const std::vector<int>& signup_days,
                                 const std::vector<int64_t>& prices) {
  SplitMix64 rng(kUpdateSeed);
  std::vector<bool> changed(orders.size(), false);
  int left = sizes.changed_orders;
  for (size_t i = orders.size(); i-- > 0 && left > 0;) {
    Order& o = orders[i];
    if (o.status != "placed" && o.status != "shipped") continue;
    o.status = o.status == "placed" ? "shipped" : "delivered";
    changed[i] = true;
    --left;
  }
  for (int attempts = 0; left > 0 && attempts < 100 * sizes.changed_orders; ++attempts) {
    size_t i = rng.Below(orders.size());
    if (changed[i] || orders[i].status != "delivered") continue;
    orders[i].status = "returned";
    changed[i] = true;
    --left;
  }
  std::string out = OrderCsvHeader();
  for (size_t i = 0; i < orders.size(); ++i) {
    if (changed[i]) out += FormatOrder(orders[i]);
  }
  for (int i = 0; i < sizes.new_orders; ++i) {
    int day = kLastDayOf2024 + 1 + (2 * i) / sizes.new_orders;
    Order o = MakeOrder(rng, sizes.orders + i + 1, day, signup_days, prices);
    o.status = "placed";
    out += FormatOrder(o);
  }
  return out;
}

}  // namespace

SampleFiles GenerateSampleFiles(const SampleSizes& sizes) {
  assert(sizes.customers > 0 && sizes.products > 0 && sizes.orders > 0 &&
         sizes.changed_orders <= sizes.orders && "invalid SampleSizes");
  SampleFiles files;
  std::vector<int> signup_days;
  std::vector<int64_t> prices;
  files.customers_csv = GenerateCustomers(sizes.customers, signup_days);
  files.products_csv = GenerateProducts(sizes.products, prices);
  std::vector<Order> orders = GenerateOrders(sizes.orders, signup_days, prices);
  files.orders_csv = OrderCsvHeader();
  for (const Order& o : orders) files.orders_csv += FormatOrder(o);
  files.orders_update_csv = GenerateOrderUpdates(sizes, std::move(orders), signup_days, prices);
  return files;
}

}  // namespace sqlflow
