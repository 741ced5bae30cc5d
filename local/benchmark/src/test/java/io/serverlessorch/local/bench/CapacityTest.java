package io.serverlessorch.local.bench;

import io.serverlessorch.storage.dynamodb.Tables;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** scripts/capacity.sh's options: read as typed, and a bad one said in one line. */
class CapacityTest {

    @Test
    void optionsAreReadAsTyped() {
        assertEquals(new Capacity.Options(10_000, 0.05, 10_000, 16, Tables.Orders.DEFAULT_INDEX_SHARDS, 300, null),
                Capacity.parse(new String[0]));
        assertEquals(new Capacity.Options(2_000, 0.2, 500, 4, 8, 60, Path.of("/tmp/capacity")), Capacity.parse(new String[]{
                "--orders-per-second", "2000", "--hot-product-share", "0.2", "--products", "500", "--hot-product-buckets", "4",
                "--index-shards", "8", "--sample-orders", "60", "--out", "/tmp/capacity"}));
        assertEquals(1.0, Capacity.parse(new String[]{"--hot-product-share", "1"}).hotProductShare());
        assertEquals(0.0, Capacity.parse(new String[]{"--hot-product-share", "0"}).hotProductShare());
    }

    @Test
    void aBadOptionIsOneLineSaidPlainly() {
        assertBad("Unknown option --rate", "--rate", "5");
        assertBad("Unexpected argument '10000'", "10000");
        assertBad("--orders-per-second needs a value", "--orders-per-second");
        assertBad("--orders-per-second must be a whole number from 1 to 10000000, not '0'", "--orders-per-second", "0");
        assertBad("--orders-per-second must be a whole number from 1 to 10000000, not '1e4'", "--orders-per-second", "1e4");
        assertBad("--hot-product-share must be a number from 0 to 1 (0.05 is 5 % of the orders), not '5%'", "--hot-product-share", "5%");
        assertBad("--hot-product-share must be a number from 0 to 1 (0.05 is 5 % of the orders), not '1.5'", "--hot-product-share", "1.5");
        assertBad("--hot-product-share must be a number from 0 to 1 (0.05 is 5 % of the orders), not 'NaN'", "--hot-product-share", "NaN");
        assertBad("--hot-product-share must be a number from 0 to 1 (0.05 is 5 % of the orders), not '-0.1'", "--hot-product-share", "-0.1");
        assertBad("--hot-product-buckets must be a whole number from 1 to 100, not '0'", "--hot-product-buckets", "0");
        assertBad("--index-shards must be a whole number from 1 to 1000, not '1001'", "--index-shards", "1001");
        assertBad("--sample-orders must be a whole number from 20 to 5000, not '5'", "--sample-orders", "5");
        assertBad("--out needs a value", "--out");
    }

    @Test
    void theWaitingOrdersLinesSayWhatAWaitAddsAndWhatTheSweepCostsAMonth() {
        String lines = Capacity.waitingCostLines(CostModel.perMillionWaitingOrders(new CostModel.Wait(1, 1, 0.05, 15)),
                CostModel.deadlineSweepPerMonth());

        assertEquals("Orders that wait for the payment provider (3-D Secure) add $7.96 per million of them (deadline index 1.25,"
                + " webhook and second stream hop the rest);\n  the deadline sweep costs $0.16 a month (43,200 sweeps of 8 shards x 2"
                + " queries), however few orders wait\n", lines.replace(System.lineSeparator(), "\n"));
    }

    @Test
    void theListingLineSetsACustomersPageAgainstAPageOfAllOrders() {
        String line = Capacity.listingPageLines(CostModel.listingPages(20, 32));

        assertEquals("A page of 20 orders reads 10.5 units for one customer ($1.31 per million pages: one Query), 26.0 for all orders"
                + " or an end status ($3.25: 32 shard Queries)\n",
                line.replace(System.lineSeparator(), "\n"));
    }

    private static void assertBad(String message, String... args) {
        assertEquals(message, assertThrows(IllegalArgumentException.class, () -> Capacity.parse(args)).getMessage());
    }
}
