package io.securewebinfra.config;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Names MySQL or RDS refuse for the initial database and the master user. RDS's CreateDBInstance refuses a
 * {@code DBName} or {@code MasterUsername} that is "a word reserved by the specified database engine", and MySQL
 * refuses to create a database over one of its own schemas; the comparison ignores case, as MySQL's does.
 */
final class MySqlNames {
    /**
     * The reserved words of MySQL 8.0: the words marked (R) in the reference manual's list "MySQL 8.0 Keywords and
     * Reserved Words" (section "Keywords and Reserved Words"), plus {@code _FILENAME}, which the manual names as
     * reserved too. A word that a later 8.0 release reserves must be added here.
     */
    static final Set<String> RESERVED_WORDS = Set.of((
            "ACCESSIBLE ADD ALL ALTER ANALYZE AND AS ASC ASENSITIVE BEFORE BETWEEN BIGINT BINARY BLOB BOTH BY "
            + "CALL CASCADE CASE CHANGE CHAR CHARACTER CHECK COLLATE COLUMN CONDITION CONSTRAINT CONTINUE CONVERT "
            + "CREATE CROSS CUBE CUME_DIST CURRENT_DATE CURRENT_TIME CURRENT_TIMESTAMP CURRENT_USER CURSOR "
            + "DATABASE DATABASES DAY_HOUR DAY_MICROSECOND DAY_MINUTE DAY_SECOND DEC DECIMAL DECLARE DEFAULT "
            + "DELAYED DELETE DENSE_RANK DESC DESCRIBE DETERMINISTIC DISTINCT DISTINCTROW DIV DOUBLE DROP DUAL "
            + "EACH ELSE ELSEIF EMPTY ENCLOSED ESCAPED EXCEPT EXISTS EXIT EXPLAIN FALSE FETCH FIRST_VALUE FLOAT "
            + "FLOAT4 FLOAT8 FOR FORCE FOREIGN FROM FULLTEXT FUNCTION GENERATED GET GRANT GROUP GROUPING GROUPS "
            + "HAVING HIGH_PRIORITY HOUR_MICROSECOND HOUR_MINUTE HOUR_SECOND IF IGNORE IN INDEX INFILE INNER "
            + "INOUT INSENSITIVE INSERT INT INT1 INT2 INT3 INT4 INT8 INTEGER INTERSECT INTERVAL INTO "
            + "IO_AFTER_GTIDS IO_BEFORE_GTIDS IS ITERATE JOIN JSON_TABLE KEY KEYS KILL LAG LAST_VALUE LATERAL "
            + "LEAD LEADING LEAVE LEFT LIKE LIMIT LINEAR LINES LOAD LOCALTIME LOCALTIMESTAMP LOCK LONG LONGBLOB "
            + "LONGTEXT LOOP LOW_PRIORITY MASTER_BIND MASTER_SSL_VERIFY_SERVER_CERT MATCH MAXVALUE MEDIUMBLOB "
            + "MEDIUMINT MEDIUMTEXT MIDDLEINT MINUTE_MICROSECOND MINUTE_SECOND MOD MODIFIES NATURAL NOT "
            + "NO_WRITE_TO_BINLOG NTH_VALUE NTILE NULL NUMERIC OF ON OPTIMIZE OPTIMIZER_COSTS OPTION OPTIONALLY "
            + "OR ORDER OUT OUTER OUTFILE OVER PARTITION PERCENT_RANK PRECISION PRIMARY PROCEDURE PURGE RANGE "
            + "RANK READ READS READ_WRITE REAL RECURSIVE REFERENCES REGEXP RELEASE RENAME REPEAT REPLACE REQUIRE "
            + "RESIGNAL RESTRICT RETURN REVOKE RIGHT RLIKE ROW ROWS ROW_NUMBER SCHEMA SCHEMAS SECOND_MICROSECOND "
            + "SELECT SENSITIVE SEPARATOR SET SHOW SIGNAL SMALLINT SPATIAL SPECIFIC SQL SQLEXCEPTION SQLSTATE "
            + "SQLWARNING SQL_BIG_RESULT SQL_CALC_FOUND_ROWS SQL_SMALL_RESULT SSL STARTING STORED STRAIGHT_JOIN "
            + "SYSTEM TABLE TERMINATED THEN TINYBLOB TINYINT TINYTEXT TO TRAILING TRIGGER TRUE UNDO UNION UNIQUE "
            + "UNLOCK UNSIGNED UPDATE USAGE USE USING UTC_DATE UTC_TIME UTC_TIMESTAMP VALUES VARBINARY VARCHAR "
            + "VARCHARACTER VARYING VIRTUAL WHEN WHERE WHILE WINDOW WITH WRITE XOR YEAR_MONTH ZEROFILL _FILENAME").split(" "));

    /** The schemas every MySQL server has: a database of one of these names cannot be created. */
    static final Set<String> SYSTEM_SCHEMAS = Set.of("mysql", "information_schema", "performance_schema", "sys");

    /** Accounts RDS or MySQL keep for themselves, which cannot be the master user. */
    static final Set<String> RESERVED_USERS = Set.of("root", "rdsadmin", "rdsrepladmin", "mysql", "admin_");

    private MySqlNames() {
    }

    /** Why a database name is refused, or empty when MySQL and RDS accept it (its characters are checked apart). */
    static Optional<String> databaseNameProblem(String name) {
        if (SYSTEM_SCHEMAS.contains(name.toLowerCase(Locale.ROOT))) {
            return Optional.of(name + " is a MySQL system schema");
        }
        return reservedWord(name);
    }

    /** Why a master user name is refused, or empty when MySQL and RDS accept it (its characters are checked apart). */
    static Optional<String> userNameProblem(String name) {
        if (RESERVED_USERS.contains(name.toLowerCase(Locale.ROOT))) {
            return Optional.of(name + " is an account MySQL or RDS keeps for itself");
        }
        return reservedWord(name);
    }

    private static Optional<String> reservedWord(String name) {
        return RESERVED_WORDS.contains(name.toUpperCase(Locale.ROOT))
                ? Optional.of(name + " is a MySQL 8.0 reserved word") : Optional.empty();
    }
}
