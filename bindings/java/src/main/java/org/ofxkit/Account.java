package org.ofxkit;

/** One account of an account-information answer; {@code kind} is "bank", "creditcard", "investment", ... */
public record Account(String kind, String accountId, String bankId, String branchId, String accountType,
        String brokerId, String desc, String status, int element) {}
