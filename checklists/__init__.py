"""Shipped review standards (评查标准), installed as package data."""
