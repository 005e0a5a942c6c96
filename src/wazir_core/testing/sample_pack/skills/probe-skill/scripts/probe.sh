#!/bin/sh
echo "probe ok"
