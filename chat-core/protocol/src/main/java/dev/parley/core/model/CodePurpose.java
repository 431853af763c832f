package dev.parley.core.model;

/** What a verification code is for; a code for one purpose never works for another. */
public enum CodePurpose { REGISTER, RESET_PASSWORD }
