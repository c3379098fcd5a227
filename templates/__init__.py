"""Shipped document templates, installed as package data."""
