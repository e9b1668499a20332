/**
 * The storage SPI of auth-user: where its users, sessions, access tokens and failed-login records
 * live when several nodes share them. A bundle of its own implements {@link
 * io.github.fpauth.user.spi.SharedStore} (fpauth's is {@code io.github.fpauth.store.jdbc}, on
 * PostgreSQL); auth-user keeps a replica of every record in memory, so the request path never
 * waits for the store, and re-reads a record whenever the store says that it changed.
 *
 * <p>1.1: {@link io.github.fpauth.user.spi.UserRow} carries the account's second factor and email address.
 */
@Export
@Version("1.2.0")
package io.github.fpauth.user.spi;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
