package io.customconnectors.testkit.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The seed's data set, generated: rows with the columns and value shapes of the public "Supermart
 * Grocery Sales" retail data set (9,994 rows), the same rows for the same seed.
 */
public final class SupermartSales {

  public static final int DEFAULT_ROWS = 9_994;
  public static final long DEFAULT_SEED = 20_151_108L;
  public static final List<String> COLUMNS =
      List.of(
          "Order ID",
          "Customer Name",
          "Category",
          "Sub Category",
          "City",
          "Order Date",
          "Region",
          "Sales",
          "Discount",
          "Profit",
          "State");

  private static final Map<String, List<String>> SUB_CATEGORIES = new LinkedHashMap<>();

  static {
    SUB_CATEGORIES.put("Oil & Masala", List.of("Masalas", "Edible Oil & Ghee", "Spices"));
    SUB_CATEGORIES.put("Beverages", List.of("Health Drinks", "Soft Drinks"));
    SUB_CATEGORIES.put(
        "Food Grains", List.of("Atta & Flour", "Organic Staples", "Dals & Pulses", "Rice"));
    SUB_CATEGORIES.put(
        "Fruits & Veggies",
        List.of("Fresh Vegetables", "Fresh Fruits", "Organic Vegetables", "Organic Fruits"));
    SUB_CATEGORIES.put("Bakery", List.of("Biscuits", "Cakes", "Breads & Buns"));
    SUB_CATEGORIES.put("Snacks", List.of("Chocolates", "Cookies", "Noodles"));
    SUB_CATEGORIES.put("Eggs, Meat & Fish", List.of("Eggs", "Chicken", "Mutton", "Fish"));
  }

  private static final List<String> CUSTOMERS =
      List.of(
          "Harish",
          "Sudha",
          "Hussain",
          "Jackson",
          "Ridhesh",
          "Adavan",
          "Jonas",
          "Hafiz",
          "Krithika",
          "Ganesh",
          "Yadav",
          "Sharon",
          "Peer",
          "Sundar",
          "Ramesh",
          "Alan",
          "Arutra",
          "Haseena",
          "Verma",
          "Muneer",
          "Veronica",
          "Shah",
          "Mathew",
          "Akash",
          "Anu",
          "Sabeela",
          "James",
          "Willams",
          "Malik",
          "Amrish",
          "Vince",
          "Suresh",
          "Esther",
          "Yusuf",
          "Komal",
          "Vinne",
          "Surya",
          "Aditi",
          "Kumar",
          "Amy",
          "Vidya",
          "Roshan",
          "Ravi",
          "Sheeba",
          "Rumaiza",
          "Vijay",
          "Amrith",
          "Arvind",
          "Kavitha",
          "Ram");
  private static final List<String> CITIES =
      List.of(
          "Vellore",
          "Krishnagiri",
          "Perambalur",
          "Dharmapuri",
          "Ooty",
          "Trichy",
          "Ramanadhapuram",
          "Tirunelveli",
          "Chennai",
          "Karur",
          "Namakkal",
          "Dindigul",
          "Kanyakumari",
          "Bodi",
          "Tenkasi",
          "Viluppuram",
          "Madurai",
          "Salem",
          "Cumbum",
          "Nagercoil",
          "Pudukottai",
          "Theni",
          "Coimbatore",
          "Virudhunagar");
  private static final List<String> REGIONS = List.of("North", "South", "East", "West", "Central");

  private SupermartSales() {}

  /** One row; values are the strings the CSV holds. */
  public record Row(Map<String, String> values) {

    public String orderId() {
      return values.get("Order ID");
    }
  }

  public static List<Row> generate() {
    return generate(DEFAULT_ROWS, DEFAULT_SEED);
  }

  public static List<Row> generate(int rows, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    List<String> categories = new ArrayList<>(SUB_CATEGORIES.keySet());
    List<Row> result = new ArrayList<>(rows);
    for (int i = 1; i <= rows; i++) {
      String category = pick(random, categories);
      LocalDate date = LocalDate.of(2015, 1, 1).plusDays(random.nextInt(4 * 365));
      int sales = 500 + random.nextInt(2001);
      BigDecimal discount = BigDecimal.valueOf(10 + random.nextInt(26), 2);
      BigDecimal margin = BigDecimal.valueOf(5 + random.nextInt(41), 2);
      BigDecimal profit =
          BigDecimal.valueOf(sales).multiply(margin).setScale(2, RoundingMode.HALF_UP);
      Map<String, String> values = new LinkedHashMap<>();
      values.put("Order ID", "OD" + i);
      values.put("Customer Name", pick(random, CUSTOMERS));
      values.put("Category", category);
      values.put("Sub Category", pick(random, SUB_CATEGORIES.get(category)));
      values.put("City", pick(random, CITIES));
      values.put("Order Date", formatDate(date, random.nextBoolean()));
      values.put("Region", pick(random, REGIONS));
      values.put("Sales", Integer.toString(sales));
      values.put("Discount", discount.toPlainString());
      values.put("Profit", profit.toPlainString());
      values.put("State", "Tamil Nadu");
      result.add(new Row(values));
    }
    return result;
  }

  /** Both date forms of the public data set: 11-08-2017 and 6/12/2017. */
  private static String formatDate(LocalDate date, boolean dashed) {
    return dashed
        ? String.format("%02d-%02d-%d", date.getMonthValue(), date.getDayOfMonth(), date.getYear())
        : date.getMonthValue() + "/" + date.getDayOfMonth() + "/" + date.getYear();
  }

  /**
   * Writes the rows as {@code Supermart_Grocery_Sales.csv} does: header first, RFC 4180 quoting.
   */
  public static void writeCsv(List<Row> rows, Path file) {
    try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      out.write(csvLine(COLUMNS));
      for (Row row : rows) {
        out.write(csvLine(COLUMNS.stream().map(row.values()::get).toList()));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String csvLine(List<String> fields) {
    List<String> quoted = new ArrayList<>();
    for (String field : fields) {
      quoted.add(
          field.contains(",") || field.contains("\"")
              ? "\"" + field.replace("\"", "\"\"") + "\""
              : field);
    }
    return String.join(",", quoted) + "\r\n";
  }

  private static <T> T pick(SplittableRandom random, List<T> options) {
    return options.get(random.nextInt(options.size()));
  }
}
