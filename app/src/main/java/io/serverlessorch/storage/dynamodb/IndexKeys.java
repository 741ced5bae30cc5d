package io.serverlessorch.storage.dynamodb;

import io.serverlessorch.domain.OrderStatus;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.IntStream;
import java.util.zip.CRC32;

import static io.serverlessorch.storage.dynamodb.Tables.Orders;

/**
 * The sharded partition keys of the two indexes. A partition of an index takes about 1,000 writes a second;
 * one key per status would cap every status at that, whatever the table does. So each key is split into
 * {@code shards} keys, {@code <key>#<shard>}, the shard a hash of the order id: an order always lands on
 * the same shard, and lists query all shards and merge them.
 *
 * <p>Every in-flight status shares the key {@link Orders#ACTIVE}: an order passes through five of them in
 * about a second, and a move that changes no index key writes no index entry. Only the move to an end
 * status moves the entry. A list of one in-flight status reads the active orders and keeps that status.
 */
public record IndexKeys(int shards) {

    public static final IndexKeys DEFAULT = new IndexKeys(Orders.DEFAULT_INDEX_SHARDS);

    public IndexKeys {
        if (shards < 1 || shards > 1000) {
            throw new IllegalArgumentException("Index shards must be from 1 to 1000, not " + shards);
        }
    }

    /** The status index key of an order in {@code status}. */
    String statusShard(String orderId, OrderStatus status) {
        return statusKey(status) + "#" + shardOf(orderId);
    }

    /** The deadline index key of an order waiting in {@code status} (see {@link Orders#DEADLINE_INDEX}). */
    static String deadlineShard(String orderId, OrderStatus status) {
        return status.name() + "#" + spread(orderId, Orders.DEADLINE_SHARDS);
    }

    /** Every shard of a waiting status's deadline key, for the sweep. */
    static List<String> deadlineShards(OrderStatus status) {
        return IntStream.range(0, Orders.DEADLINE_SHARDS).mapToObj(shard -> status.name() + "#" + shard).toList();
    }

    /** The creation index key of an order (public for tools and tests that write order items themselves). */
    public String listingShard(String orderId) {
        return Orders.ALL_ORDERS + "#" + shardOf(orderId);
    }

    /** Whether a move from one status to the other moves the order's status index entry. */
    static boolean movesIndexEntry(OrderStatus from, OrderStatus to) {
        return !statusKey(from).equals(statusKey(to));
    }

    /** The status index keys of every shard of a status's key, for a list. */
    List<String> statusShards(OrderStatus status) {
        return all(statusKey(status));
    }

    List<String> listingShards() {
        return all(Orders.ALL_ORDERS);
    }

    static String statusKey(OrderStatus status) {
        return status.isTerminal() ? status.name() : Orders.ACTIVE;
    }

    /** Stable across JVMs and releases: the shard an order was written to must be the one read. */
    int shardOf(String orderId) {
        return spread(orderId, shards);
    }

    /** {@code key} spread evenly over {@code 0..count-1}, the same on every JVM and release (CRC32). */
    static int spread(String key, int count) {
        CRC32 crc = new CRC32();
        crc.update(key.getBytes(StandardCharsets.UTF_8));
        return (int) (crc.getValue() % count);
    }

    private List<String> all(String key) {
        return IntStream.range(0, shards).mapToObj(shard -> key + "#" + shard).toList();
    }
}
