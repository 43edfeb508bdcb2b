package io.keepsync.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;

import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

import io.keepsync.common.config.DatabaseUrl;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class DatabaseUrlTest {

    @Test
    void a_platform_url_becomes_jdbc_settings() {
        DatabaseUrl url = DatabaseUrl.parse("postgres://keep:s3cret@db.internal:6543/keepsync");
        assertEquals("jdbc:postgresql://db.internal:6543/keepsync", url.jdbcUrl());
        assertEquals(Optional.of("keep"), url.username());
        assertEquals(Optional.of("s3cret"), url.password());
    }

    @Test
    void the_postgresql_scheme_and_the_default_port_are_accepted() {
        DatabaseUrl url = DatabaseUrl.parse("postgresql://keep:pw@db.example.com/app");
        assertEquals("jdbc:postgresql://db.example.com:5432/app", url.jdbcUrl());
    }

    @Test
    void url_encoded_credentials_are_decoded() {
        DatabaseUrl url = DatabaseUrl.parse("postgres://us%40er:p%40ss%3Aw%2Fo+rd%25@host:5432/db");
        assertEquals(Optional.of("us@er"), url.username());
        assertEquals(Optional.of("p@ss:w/o+rd%"), url.password());
    }

    @Test
    void query_parameters_such_as_sslmode_are_kept() {
        DatabaseUrl url = DatabaseUrl.parse("postgres://u:p@host:5432/db?sslmode=require&connectTimeout=5");
        assertEquals("jdbc:postgresql://host:5432/db?sslmode=require&connectTimeout=5", url.jdbcUrl());
    }

    @Test
    void credentials_are_optional() {
        DatabaseUrl url = DatabaseUrl.parse("postgres://host/db");
        assertFalse(url.username().isPresent());
        assertFalse(url.password().isPresent());
        DatabaseUrl userOnly = DatabaseUrl.parse("postgres://user@host/db");
        assertEquals(Optional.of("user"), userOnly.username());
        assertFalse(userOnly.password().isPresent());
    }

    @Test
    void ipv6_hosts_are_bracketed() {
        assertEquals("jdbc:postgresql://[::1]:5432/db", DatabaseUrl.parse("postgres://u:p@[::1]:5432/db").jdbcUrl());
    }

    @Test
    void bad_urls_give_a_clear_error_without_the_password() {
        assertMessage("mysql://u:hunter2@host/db", "postgres://");
        assertMessage("postgres://u:hunter2@/db", "no host");
        assertMessage("postgres://u:hunter2@host:5432", "no database name");
        assertMessage("postgres://u:hunter2@host:5432/", "no database name");
        assertMessage("postgres://u:hunt er2@host/db", "not a valid URL");
        assertMessage("", "empty");
    }

    private static void assertMessage(String url, String expected) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DatabaseUrl.parse(url));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
        assertFalse(e.getMessage().contains("hunter2"), e.getMessage());
    }
}
