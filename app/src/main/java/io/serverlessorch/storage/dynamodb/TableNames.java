package io.serverlessorch.storage.dynamodb;

/** The physical names of the tables of one deployment (or one local run, or one test class). */
public record TableNames(String orders, String catalog) {

    public static TableNames withPrefix(String prefix) {
        return new TableNames(Tables.ordersTableName(prefix), Tables.catalogTableName(prefix));
    }
}
