#!/bin/sh
echo "nasty: $1"
