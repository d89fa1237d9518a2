package org.keneya.config;

/**
 * One account of a mutual's chart: the code and name its accountant knows it by. The journal posts
 * to the gateway's own account keys ("wallet-clearing:orange", "subsidy-receivable:state"); the
 * chart says which of the mutual's accounts each key is.
 */
public record AccountConfig(String code, String name) {}
