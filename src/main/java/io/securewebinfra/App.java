package io.securewebinfra;
public class App { public static void main(String[] a) {} }
