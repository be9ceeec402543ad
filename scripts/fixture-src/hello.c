/* Smallest useful console program: the unsigned payload of every signed fixture. */
#include <stdio.h>

int main(void)
{
    puts("signsweep fixture");
    return 0;
}
