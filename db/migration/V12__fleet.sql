-- A fleet: the dispatch of a run spread over `retouch worker` processes by Spring Batch remote
-- partitioning. The partition requests travel through PostgreSQL as a Spring Integration JDBC
-- channel (the table and sequence of spring-integration-jdbc's schema-postgresql.sql that a
-- JdbcChannelMessageStore uses; nothing else of that schema is needed).
CREATE SEQUENCE int_message_seq START WITH 1 INCREMENT BY 1 NO CYCLE;

CREATE TABLE int_channel_message (
    message_id       CHAR(36)     NOT NULL,
    group_key        CHAR(36)     NOT NULL,
    created_date     BIGINT       NOT NULL,
    message_priority BIGINT,
    message_sequence BIGINT       NOT NULL DEFAULT nextval('int_message_seq'),
    message_content  BYTEA,
    region           VARCHAR(100) NOT NULL,
    CONSTRAINT int_channel_message_pk PRIMARY KEY (region, group_key, created_date, message_sequence)
);

CREATE INDEX int_channel_msg_delete_idx ON int_channel_message (region, group_key, message_id);
-- the manager asks whether a request it sent still waits for a worker
CREATE INDEX int_channel_msg_id_idx ON int_channel_message (message_id);
