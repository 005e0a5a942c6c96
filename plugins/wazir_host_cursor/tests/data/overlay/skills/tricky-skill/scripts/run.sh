#!/bin/sh
echo "tricky: $1"
