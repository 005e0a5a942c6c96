#!/bin/sh
echo "odd $1"
