package io.customconnectors.testkit.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SupermartSalesTest {

  private final List<SupermartSales.Row> rows = SupermartSales.generate();

  @Test
  void hasTheRowsAndColumnsOfThePublicDataSet() {
    assertThat(rows).hasSize(9_994);
    assertThat(rows.get(0).values().keySet()).containsExactlyElementsOf(SupermartSales.COLUMNS);
    assertThat(rows)
        .extracting(SupermartSales.Row::orderId)
        .doesNotHaveDuplicates()
        .startsWith("OD1", "OD2");
  }

  @Test
  void valuesHaveTheDataSetsShapes() {
    assertThat(rows)
        .allSatisfy(
            row -> {
              assertThat(Integer.parseInt(row.values().get("Sales"))).isBetween(500, 2_500);
              assertThat(new BigDecimal(row.values().get("Discount")))
                  .isBetween(new BigDecimal("0.10"), new BigDecimal("0.35"));
              assertThat(new BigDecimal(row.values().get("Profit")))
                  .isBetween(new BigDecimal("25"), new BigDecimal("1125"));
              assertThat(row.values().get("Order Date"))
                  .matches("\\d{2}-\\d{2}-201[5-8]|\\d{1,2}/\\d{1,2}/201[5-8]");
              assertThat(row.values().get("State")).isEqualTo("Tamil Nadu");
            });
    assertThat(rows)
        .extracting(row -> row.values().get("Order Date"))
        .anyMatch(d -> d.contains("/"))
        .anyMatch(d -> d.contains("-"));
  }

  @Test
  void sameSeedSameRowsOtherSeedOtherRows() {
    assertThat(SupermartSales.generate(100, 1)).isEqualTo(SupermartSales.generate(100, 1));
    assertThat(SupermartSales.generate(100, 1)).isNotEqualTo(SupermartSales.generate(100, 2));
  }

  @Test
  void csvQuotesValuesWithCommas(@TempDir Path dir) throws Exception {
    Path csv = dir.resolve("Supermart_Grocery_Sales.csv");
    SupermartSales.writeCsv(rows, csv);

    List<String> lines = Files.readAllLines(csv);
    assertThat(lines).hasSize(9_995);
    assertThat(lines.get(0))
        .isEqualTo(
            "Order ID,Customer Name,Category,Sub Category,City,Order Date,Region,Sales,Discount,Profit,State");
    assertThat(lines).anyMatch(line -> line.contains(",\"Eggs, Meat & Fish\","));
  }

  @Test
  void numbersBecomeDynamoDbNumbers() {
    var item = SupermartTable.item(rows.get(0));

    assertThat(item.get("Sales").n()).isEqualTo(rows.get(0).values().get("Sales"));
    assertThat(item.get("Order ID").s()).isEqualTo("OD1");
  }
}
